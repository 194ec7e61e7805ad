import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { envParam } from "../params.ts";
import { dnsReport } from "../providers/dns-report.ts";
import { findEnvironment } from "../runtime.ts";

/** `GET /api/dns?env=`: the custom domain's DNS records, HTTPS, and its status in the Pages project. */
export const dns = new Hono<AppEnv>().get("/", limitRuns(), async (c) => {
  const runtime = c.get("runtime");
  const environment = findEnvironment(runtime, envParam(c));
  const { value: report } = await runtime.shared.run(`dns:${environment.id}`, () => dnsReport(runtime.fetch, environment, c.env ?? {}));
  return c.json(report);
});
