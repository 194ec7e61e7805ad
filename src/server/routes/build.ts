import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { buildReport } from "../reports/build.ts";

/** `GET /api/build?env=`: the latest deploy run with its logs, and the Node.js version the build expects. */
export const build = new Hono<AppEnv>().get("/", limitRuns(), environmentParam(), async (c) => {
  const runtime = c.get("runtime");
  const environment = c.get("environment");
  const { value: report } = await runtime.shared.run(`build:${environment.id}`, () =>
    buildReport(runtime.fetch, environment, c.env ?? {}),
  );
  return c.json(report);
});
