import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { configCheckReport } from "../reports/config-check.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/config-check?env=`: each required variable name, present or missing, per place. Names only, never a value. */
export const configCheck = new Hono<AppEnv>().get(
  "/",
  described("Each required variable name, present or missing, per place; names only, never a value."),
  audited("config-check"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    const { value: report } = await runtime.shared.run(`config-check:${environment.id}`, () =>
      configCheckReport(runtime.fetch, environment, c.env ?? {}),
    );
    return c.json(report);
  },
);
