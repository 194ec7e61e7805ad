import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { envParam } from "../params.ts";
import { providersFor } from "../providers/for-environment.ts";
import { rollbackReport } from "../providers/rollback-report.ts";
import { findEnvironment } from "../runtime.ts";

/** `GET /api/rollback?env=`: rollback targets and commands for Pages, Convex and Git, each part on its own. */
export const rollback = new Hono<AppEnv>().get("/", limitRuns(), async (c) => {
  const runtime = c.get("runtime");
  const environment = findEnvironment(runtime, envParam(c));
  const { value: report } = await runtime.shared.run(`rollback:${environment.id}`, () =>
    rollbackReport(providersFor(runtime.fetch, environment, c.env ?? {})),
  );
  return c.json(report);
});
