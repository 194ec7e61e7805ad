import { Hono } from "hono";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { buildReport } from "../reports/build.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/build?env=`: the latest deploy run with its logs, and the Node.js version the build expects. */
export const build = new Hono<AppEnv>().get(
  "/",
  described("The latest deploy run with its logs, and the Node.js version the build expects."),
  audited("build"),
  limitRuns(),
  environmentParam(),
  async (c) => {
    const runtime = c.get("runtime");
    const environment = c.get("environment");
    const { value: report } = await runtime.shared.run(`build:${environment.id}`, () =>
      buildReport(runtime.fetch, environment, c.env ?? {}),
    );
    return c.json(report);
  },
);
