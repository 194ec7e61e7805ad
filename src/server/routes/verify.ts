import { type Context, Hono } from "hono";
import { runSmoke, samplesPerCheck, smokeChecks } from "../../core/checks/run.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { VerifyEvent } from "../../core/result.ts";
import type { AppEnv } from "../app.ts";
import { keepAlive } from "../lib/keep-alive.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { refuseBody } from "../params.ts";
import type { Runtime } from "../runtime.ts";

/**
 * `POST /api/verify?env=`: the smoke suite, streamed as NDJSON. One `start` line, one `result` line per
 * check as it completes, then a `summary` line judged against the Success Criteria.
 *
 * Presses for one environment share one sampling run (every waiting client gets its events as they
 * come) and a finished run is reused like a single check's answer. The run keeps to one invocation's
 * limits: at most 6 requests in flight, samples cut to fit the subrequest budget.
 */
export const verify = new Hono<AppEnv>().post("/", limitRuns(weighVerify), environmentParam(), async (c) => {
  const runtime = c.get("runtime");
  const environment = c.get("environment");
  await refuseBody(c);
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  // A reader may leave mid-run (closed tab, Ctrl-C): writes then fail, and the run just finishes unheard.
  const send = (event: VerifyEvent) => writer.write(encoder.encode(`${JSON.stringify(event)}\n`)).catch(() => {});
  const work = (async () => {
    let sent = 0;
    try {
      const { value: events } = await runtime.shared.run<VerifyEvent[], VerifyEvent>(
        `verify:${environment.id}`,
        (publish) => verifyRun(runtime, environment, publish),
        {
          reuse: runtime.reuse.verify,
          onEvent: (event) => {
            sent += 1;
            void send(event);
          },
        },
      );
      // A reused run arrives whole, not event by event.
      for (const event of events.slice(sent)) await send(event);
    } catch (error) {
      console.error("[verify] run failed", error);
      await send({
        type: "error",
        error: { code: "internal", message: "the verify run stopped unexpectedly; the Function log has the details" },
      });
    } finally {
      await writer.close().catch(() => {});
    }
  })();
  keepAlive(c, work);
  return c.body(readable, 200, { "content-type": "application/x-ndjson; charset=utf-8" });
});

/** One sampling run, publishing each event as it happens; its events are what followers and reuse replay. */
async function verifyRun(
  runtime: Runtime,
  environment: ResolvedEnvironment,
  publish: (event: VerifyEvent) => void,
): Promise<VerifyEvent[]> {
  const events: VerifyEvent[] = [];
  const emit = (event: VerifyEvent) => {
    events.push(event);
    publish(event);
  };
  emit({
    type: "start",
    environment: environment.id,
    checks: smokeChecks(environment).map((k) => ({ id: k.id, title: k.title })),
  });
  const { summary } = await runSmoke(
    { fetch: runtime.fetch, environment },
    {
      criteria: runtime.loaded.config.successCriteria,
      limits: { connections: runtime.limits.connections, requests: runtime.limits.subrequests },
      onResult: (result) => emit({ type: "result", result }),
    },
  );
  emit({ type: "summary", summary });
  return events;
}

/**
 * A press that starts a run counts for every probe the run will make; one that joins a run in flight
 * counts once. (An unknown environment counts once and is refused by the route.)
 */
function weighVerify(c: Context<AppEnv>): number {
  const runtime = c.get("runtime");
  const id = c.req.query("env") ?? "";
  const environment = runtime.loaded.environments.find((e) => e.id === id);
  if (!environment || runtime.shared.inFlight(`verify:${environment.id}`)) return 1;
  const checks = smokeChecks(environment).length;
  return (
    checks *
    samplesPerCheck(checks, runtime.loaded.config.successCriteria.samples, {
      connections: runtime.limits.connections,
      requests: runtime.limits.subrequests,
    })
  );
}
