import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { envParam } from "../params.ts";
import { buildReport } from "../providers/build-report.ts";
import { findEnvironment } from "../runtime.ts";

/** `GET /api/build?env=`: the latest deploy run with its logs, and the Node.js version the build expects. */
export const build = new Hono<AppEnv>().get("/", limitRuns(), async (c) => {
  const runtime = c.get("runtime");
  const environment = findEnvironment(runtime, envParam(c));
  const { value: report } = await runtime.shared.run(`build:${environment.id}`, () => buildReport(runtime.fetch, environment, c.env ?? {}));
  return c.json(report);
});
