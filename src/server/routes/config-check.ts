import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { envParam } from "../params.ts";
import { configCheckReport } from "../providers/config-check-report.ts";
import { findEnvironment } from "../runtime.ts";

/** `GET /api/config-check?env=`: each required variable name, present or missing, per place. Names only, never a value. */
export const configCheck = new Hono<AppEnv>().get("/", limitRuns(), async (c) => {
  const runtime = c.get("runtime");
  const environment = findEnvironment(runtime, envParam(c));
  const { value: report } = await runtime.shared.run(`config-check:${environment.id}`, () =>
    configCheckReport(runtime.fetch, environment, c.env ?? {}),
  );
  return c.json(report);
});
