import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { dnsReport } from "../reports/dns.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/dns?env=`: the custom domain's DNS records, HTTPS, and its status in the Pages project. */
export const dns = new Hono<AppEnv>().get(
  "/",
  described("The custom domain's DNS records, HTTPS, and its status in the Pages project."),
  audited("dns"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    const { value: report } = await runtime.shared.run(`dns:${environment.id}`, () =>
      dnsReport(runtime.fetch, environment, c.env ?? {}),
    );
    return c.json(report);
  },
);
