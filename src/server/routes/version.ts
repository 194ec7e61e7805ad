import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { versionReport } from "../reports/version.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/version?env=`: what is live and where it drifts. Parts that cannot be read are reported inside the 200 answer. */
export const version = new Hono<AppEnv>().get(
  "/",
  described("What is live (app, Pages, Convex, GitHub) and where it drifts."),
  audited("version"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    const { value: report } = await runtime.shared.run(`version:${environment.id}`, () =>
      versionReport(deployClients(runtime.fetch, environment, c.env ?? {})),
    );
    return c.json(report);
  },
);
