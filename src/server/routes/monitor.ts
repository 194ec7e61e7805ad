import { type Context, Hono } from "hono";
import { z } from "zod";
import { runSmoke } from "../../core/checks/run.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { currentSlot, type MonitorSample, type MonitorWatch, slotCount, watchEnds } from "../../core/monitor.ts";
import { ApiFailure } from "../errors.ts";
import { historyDatabase, isDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns, limitWrites } from "../middleware/limit-runs.ts";
import { d1MonitorStore, type MonitorStore, memoryMonitorStore } from "../monitor/store.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { refuseBody } from "../validation/index.ts";

const watchId = z.coerce
  .number({ message: "must be a watch number such as 3" })
  .int("must be a watch number such as 3")
  .min(1, "must be a watch number such as 3")
  .max(Number.MAX_SAFE_INTEGER);

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
});
const sampleQuery = z.object({ watch: watchId });

/** Isolate memory for Functions without D1 (one per runtime config object, so per isolate). */
const memoryStores = new WeakMap<object, MonitorStore>();

/** D1 where `RUNBOOK_DB` is bound (it must be migrated), else this isolate's memory. */
async function storeFor(c: Context<AppEnv>): Promise<MonitorStore> {
  const binding = c.env?.RUNBOOK_DB;
  if (isDatabase(binding)) return d1MonitorStore(await historyDatabase(binding));
  const loaded = c.get("runtime").loaded;
  const store = memoryStores.get(loaded) ?? memoryMonitorStore();
  memoryStores.set(loaded, store);
  return store;
}

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
 * The step-6 monitor. `POST /api/monitor?env=` starts a watch or joins the running one,
 * `POST /api/monitor/sample?env=&watch=` takes the current interval's sample (once per interval
 * however many ask), `GET /api/monitor?env=&since=&watch=` reads the series.
 */
export const monitor = new Hono<AppEnv>()
  .get("/", environmentParam(seriesQuery), async (c) => {
    const query = c.req.valid("query");
    const environment = c.get("environment");
    const store = await storeFor(c);
    const watch =
      query.watch === undefined
        ? await store.find(environment.id)
        : await knownWatch(store, environment.id, query.watch);
    const samples = watch ? await store.samples(watch, query.since && new Date(query.since).toISOString()) : [];
    return c.json({ environment: environment.id, store: store.kind, watch: watch ?? null, samples });
  })
  .post("/", audited("monitor"), limitWrites(), environmentParam(startQuery), async (c) => {
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
    if (query.interval !== undefined || query.window !== undefined) {
      // Demo only: a start with its own interval and window replaces a running watch with other settings
      // (someone tried the monitor with the defaults; a quick demo watch should not join a 30-minute one).
      const running = await store.find(environment.id);
      if (
        running &&
        now < Date.parse(running.startedAt) + running.windowMs &&
        (running.intervalMs !== intervalMs || running.windowMs !== windowMs)
      )
        await store.end(running, now);
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
    return c.json(
      { environment: environment.id, store: store.kind, watch, samples: await store.samples(watch) },
      created ? 201 : 200,
    );
  })
  .post("/sample", limitRuns(), environmentParam(sampleQuery), async (c) => {
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
  });

/**
 * The slot's sample: stored already, being taken elsewhere (waited for), or taken here after claiming
 * the slot. Plain data only, as the coalescer requires.
 */
async function sampleOnce(
  runtime: Runtime,
  store: MonitorStore,
  environment: ResolvedEnvironment,
  watch: MonitorWatch,
  slot: number,
): Promise<{ sample: MonitorSample | null; sampled: boolean }> {
  const state = await store.slot(watch, slot);
  if (state && state !== "pending") return { sample: state.sample, sampled: false };
  const at = new Date().toISOString();
  if (state === "pending" || !(await store.claim(watch, slot, at, Date.now())))
    return { sample: await waitForSlot(store, watch, slot), sampled: false };
  try {
    const sample = await takeSample(runtime, environment, slot, at);
    await store.save(watch, sample);
    return { sample, sampled: true };
  } catch (error) {
    await store.release(watch, slot).catch(() => {});
    throw error;
  }
}

/** Another isolate is sampling this slot: its sample, once stored, or null after a bounded wait. */
async function waitForSlot(store: MonitorStore, watch: MonitorWatch, slot: number): Promise<MonitorSample | null> {
  const deadline = Date.now() + Math.min(watch.intervalMs, 15_000);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const state = await store.slot(watch, slot);
    if (state && state !== "pending") return state.sample;
  }
  return null;
}

/** One sampling of the smoke checks, judged against the Success Criteria, within one invocation's limits. */
async function takeSample(
  runtime: Runtime,
  environment: ResolvedEnvironment,
  slot: number,
  at: string,
): Promise<MonitorSample> {
  const { successCriteria, monitor: settings } = runtime.loaded.config;
  const { results, summary } = await runSmoke(
    { fetch: runtime.fetch, environment },
    {
      criteria: { ...successCriteria, samples: settings.samples },
      limits: { connections: runtime.limits.connections, requests: runtime.limits.subrequests },
    },
  );
  return {
    slot,
    at,
    status: summary.status,
    p95Ms: summary.samples.p95Ms,
    errorRate: summary.samples.errorRate,
    requests: summary.samples.count,
    breached: summary.criteria.filter((k) => k.status === "fail").map((k) => k.id),
    checks: results.map((r) => ({
      id: r.checkId,
      status: r.status,
      p95Ms: r.samples?.p95Ms ?? Math.round(r.observed.latencyMs ?? 0),
      errors: r.samples?.errors ?? (r.status === "error" ? 1 : 0),
    })),
  };
}
