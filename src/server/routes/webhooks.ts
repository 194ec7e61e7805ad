import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { refuseBody } from "../params.ts";
import { webhookProbeReport } from "../reports/webhook-probe.ts";

/**
 * `POST /api/webhooks/probe?env=`: sends the configured webhook endpoint an unsigned, a wrongly signed
 * and (with the test secret bound) a correctly signed probe event, and says whether it validates
 * signatures. It sends requests, so it is rate-limited like check runs; it takes no body.
 */
export const webhooks = new Hono<AppEnv>().post("/probe", limitRuns(), environmentParam(), async (c) => {
  const runtime = c.get("runtime");
  const environment = c.get("environment");
  await refuseBody(c);
  const { value: report } = await runtime.shared.run(`webhook-probe:${environment.id}`, () =>
    webhookProbeReport(runtime.fetch, environment, c.env ?? {}),
  );
  return c.json(report);
});
