import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { webhookProbeReport } from "../reports/webhook-probe.ts";
import type { AppEnv } from "../types.ts";
import { refuseBody } from "../validation/index.ts";

/**
 * `POST /api/webhooks/probe?env=`: sends the configured webhook endpoint an unsigned, a wrongly signed
 * and (with the test secret bound) a correctly signed probe event, and says whether it validates
 * signatures. It sends requests, so it is rate-limited like check runs; it takes no body.
 */
export const webhooks = new Hono<AppEnv>().post(
  "/probe",
  described(
    "Unsigned, wrongly signed and signed Standard Webhooks probes to the webhook endpoint: validation on, OFF, or endpoint down.",
  ),
  audited("webhook-probe"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    await refuseBody(c);
    const { value: report } = await runtime.shared.run(`webhook-probe:${environment.id}`, () =>
      webhookProbeReport(runtime.fetch, environment, c.env ?? {}),
    );
    return c.json(report);
  },
);
