import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { dnsReport } from "../reports/dns.ts";

/** `GET /api/dns?env=`: the custom domain's DNS records, HTTPS, and its status in the Pages project. */
export const dns = new Hono<AppEnv>().get("/", limitRuns(), environmentParam(), async (c) => {
  const runtime = c.get("runtime");
  const environment = c.get("environment");
  const { value: report } = await runtime.shared.run(`dns:${environment.id}`, () =>
    dnsReport(runtime.fetch, environment, c.env ?? {}),
  );
  return c.json(report);
});
