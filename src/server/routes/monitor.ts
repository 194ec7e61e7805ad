import { type Context, Hono } from "hono";
import { z } from "zod";
import { currentSlot, type MonitorWatch, slotCount, watchEnds } from "../../core/monitor.ts";
import { ApiFailure } from "../errors.ts";
import { actorOf } from "../lib/actor.ts";
import { readerTime } from "../lib/reader-time.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns, limitWrites } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { type MonitorStore, monitorStore, sampleOnce, samplerOf, wakeWatch } from "../monitor/index.ts";
import { monitorView } from "../monitor/view.ts";
import { MAX_VIEW_BODY_BYTES, monitorViewInput } from "../monitor/view-input.ts";
import { deliverSoon } from "../notify/soon.ts";
import type { AppEnv } from "../types.ts";
import { limitBody, refuseBody, validJson } from "../validation/index.ts";

const watchId = z.coerce
  .number({ message: "must be a watch number such as 3" })
  .int("must be a watch number such as 3")
  .min(1, "must be a watch number such as 3")
  .max(Number.MAX_SAFE_INTEGER);

const restartFlag = z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional();
const seriesQuery = z.object({
  since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-03-01T14:05:00Z" }).optional(),
  watch: watchId.optional(),
});
const startQuery = z.object({
  /** Demo environments only: a short interval and window for trying the monitor (and its tests). */
  interval: z.coerce.number().int().min(1).max(600).optional(),
  window: z.coerce
    .number()
    .int()
    .min(2)
    .max(4 * 3600)
    .optional(),
  /** End the running watch first and start a new one (after a rollback: watch the recovery). */
  restart: restartFlag,
});
const sampleQuery = z.object({ watch: watchId });

/** D1 where `RUNBOOK_DB` is bound, else this isolate's memory (`monitor/choose.ts`). */
const storeFor = (c: Context<AppEnv>): Promise<MonitorStore> => monitorStore(c.env?.RUNBOOK_DB, c.get("runtime"));

async function knownWatch(store: MonitorStore, environment: string, id: number): Promise<MonitorWatch> {
  const watch = await store.find(environment, id);
  if (!watch)
    throw new ApiFailure(
      404,
      "unknown_watch",
      `watch ${id} of environment "${environment}" does not exist${store.kind === "memory" ? " in this isolate (no D1 database is bound, so watches live in memory)" : ""}; start one with POST /api/monitor?env=${environment}`,
    );
  return watch;
}

/**
 * The step-6 monitor. `POST /api/monitor?env=` starts a watch or joins the running one (`restart=true`:
 * ends it and starts a new one), and hands a new watch to the watch Worker, which samples it with no
 * page open; `POST /api/monitor/stop?env=&watch=` ends a watch now;
 * `POST /api/monitor/sample?env=&watch=` takes the current interval's sample (once per interval
 * however many ask), `GET /api/monitor?env=&since=&watch=` reads the series, and `POST /api/monitor/view`
 * draws a series as the widget shows it (stores, probes and logs nothing).
 */
export const monitor = new Hono<AppEnv>()
  .get(
    "/",
    described("The step-6 monitor's series for an environment (a watch by number, or the latest)."),
    environmentParam(seriesQuery),
    async (c) => {
      const query = c.req.valid("query");
      const environment = c.get("environment");
      const store = await storeFor(c);
      const watch =
        query.watch === undefined
          ? await store.find(environment.id)
          : await knownWatch(store, environment.id, query.watch);
      const samples = watch ? await store.samples(watch, query.since && new Date(query.since).toISOString()) : [];
      return c.json({
        environment: environment.id,
        store: store.kind,
        sampler: samplerOf(c.env, store),
        watch: watch ?? null,
        samples,
        gaps: watch ? await store.gaps(watch) : [],
      });
    },
  )
  .post(
    "/",
    described(
      "Starts the step-6 watch of an environment (sampled server-side by the watch Worker), joins the running one, or with restart=true replaces it.",
    ),
    audited("monitor"),
    limitWrites(),
    environmentParam(startQuery),
    async (c) => {
      const query = c.req.valid("query");
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      await refuseBody(c);
      if ((query.interval !== undefined || query.window !== undefined) && !environment.demo)
        throw new ApiFailure(
          400,
          "invalid_parameter",
          `query parameters "interval" and "window" are accepted for demo environments only; "${environment.id}" uses monitor.intervalSeconds and monitor.windowMinutes from runbook.config.json`,
        );
      const settings = runtime.loaded.config.monitor;
      const intervalMs = (query.interval ?? settings.intervalSeconds) * 1000;
      const windowMs = query.window !== undefined ? query.window * 1000 : settings.windowMinutes * 60_000;
      if (windowMs < intervalMs)
        throw new ApiFailure(400, "invalid_parameter", `query parameter "window" must be at least the interval`);
      const store = await storeFor(c);
      const now = Date.now();
      if (query.restart === "true") {
        const running = await store.find(environment.id);
        if (running && now < watchEnds(running))
          deliverSoon(c, await store.end(running, now, actorOf(c.get("identity"))));
      } else if (query.interval !== undefined || query.window !== undefined) {
        // Demo only: a start with its own interval and window replaces a running watch with other settings
        // (someone tried the monitor with the defaults; a quick demo watch should not join a 30-minute one).
        const running = await store.find(environment.id);
        if (
          running &&
          now < Date.parse(running.startedAt) + running.windowMs &&
          (running.intervalMs !== intervalMs || running.windowMs !== windowMs)
        )
          deliverSoon(c, await store.end(running, now, actorOf(c.get("identity"))));
      }
      const { successCriteria } = runtime.loaded.config;
      const { watch, created } = await store.start({
        environment: environment.id,
        intervalMs,
        windowMs,
        criteria: { p95Ms: successCriteria.p95Ms, maxErrorRate: successCriteria.maxErrorRate },
        startedBy: actorOf(c.get("identity")),
        now,
      });
      // A new watch's clock starts in the watch Worker; a joined one has its clock already.
      const sampler = created ? await wakeWatch(c.env, store, watch) : samplerOf(c.env, store);
      return c.json(
        { environment: environment.id, store: store.kind, sampler, watch, samples: await store.samples(watch) },
        created ? 201 : 200,
      );
    },
  )
  .post(
    "/stop",
    described(
      "Ends a watch now, so a new one can start (after a rollback: watch the recovery); the team hears it stopped before its verdict.",
    ),
    audited("monitor"),
    environmentParam(sampleQuery),
    async (c) => {
      const query = c.req.valid("query");
      const environment = c.get("environment");
      await refuseBody(c);
      const store = await storeFor(c);
      const watch = await knownWatch(store, environment.id, query.watch);
      const now = Date.now();
      if (now < watchEnds(watch)) deliverSoon(c, await store.end(watch, now, actorOf(c.get("identity"))));
      const ended = await knownWatch(store, environment.id, query.watch);
      return c.json({
        environment: environment.id,
        store: store.kind,
        watch: ended,
        samples: await store.samples(ended),
      });
    },
  )
  .post(
    "/sample",
    described("Takes the current interval's sample of a watch, once per interval however many ask."),
    limitRuns(),
    environmentParam(sampleQuery),
    async (c) => {
      const query = c.req.valid("query");
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      await refuseBody(c);
      const store = await storeFor(c);
      const watch = await knownWatch(store, environment.id, query.watch);
      const slot = currentSlot(watch, Date.now());
      if (slot >= slotCount(watch) || Date.now() >= watchEnds(watch))
        return c.json({ environment: environment.id, watch, slot, sample: null, done: true });
      const { value, shared } = await runtime.shared.run(`monitor:${environment.id}:${watch.id}:${slot}`, () =>
        sampleOnce(runtime, store, environment, watch, slot),
      );
      return c.json({
        environment: environment.id,
        watch,
        slot,
        sample: value.sample,
        sampled: value.sampled && !shared,
        done: false,
      });
    },
  )
  .post(
    "/view",
    described(
      "Draws a watch's series as the monitor widget shows it (chart, verdict, table) in the reader's time; stores nothing.",
    ),
    limitBody(MAX_VIEW_BODY_BYTES),
    validJson(monitorViewInput, { maxBytes: MAX_VIEW_BODY_BYTES }),
    (c) => {
      const body = c.req.valid("json");
      return c.json(monitorView(body, Date.now(), readerTime(body)));
    },
  );
