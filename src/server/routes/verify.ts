import { Hono } from "hono";
import { runSmoke, smokeChecks } from "../../core/checks/run.ts";
import type { VerifyEvent } from "../../core/result.ts";
import type { AppEnv } from "../app.ts";
import { keepAlive } from "../lib/keep-alive.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { refuseBody } from "../params.ts";

/**
 * `POST /api/verify?env=`: the smoke suite, streamed as NDJSON. One `start` line, one `result` line per
 * check as it completes, then a `summary` line judged against the Success Criteria.
 */
export const verify = new Hono<AppEnv>().post("/", limitRuns(), environmentParam(), async (c) => {
  const runtime = c.get("runtime");
  const environment = c.get("environment");
  await refuseBody(c);
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  // A reader may leave mid-run (closed tab, Ctrl-C): writes then fail, and the run just finishes unheard.
  const send = (event: VerifyEvent) => writer.write(encoder.encode(`${JSON.stringify(event)}\n`)).catch(() => {});
  const work = (async () => {
    try {
      await send({
        type: "start",
        environment: environment.id,
        checks: smokeChecks(environment).map((k) => ({ id: k.id, title: k.title })),
      });
      const { summary } = await runSmoke(
        { fetch: runtime.fetch, environment },
        { criteria: runtime.loaded.config.successCriteria, onResult: (result) => void send({ type: "result", result }) },
      );
      await send({ type: "summary", summary });
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
