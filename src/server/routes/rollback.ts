import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { rollbackReport } from "../reports/rollback.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/rollback?env=`: rollback targets and commands for Pages, Convex and Git, each part on its own. */
export const rollback = new Hono<AppEnv>().get(
  "/",
  described("Rollback targets and commands for Pages, Convex and Git, each part on its own."),
  audited("rollback"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    const { value: report } = await runtime.shared.run(`rollback:${environment.id}`, () =>
      rollbackReport(deployClients(runtime.fetch, environment, c.env ?? {})),
    );
    return c.json(report);
  },
);
