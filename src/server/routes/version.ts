import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { envParam } from "../params.ts";
import { providersFor } from "../providers/for-environment.ts";
import { versionReport } from "../providers/version-report.ts";
import { findEnvironment } from "../runtime.ts";

/** `GET /api/version?env=`: what is live and where it drifts. Parts that cannot be read are reported inside the 200 answer. */
export const version = new Hono<AppEnv>().get("/", limitRuns(), async (c) => {
  const runtime = c.get("runtime");
  const environment = findEnvironment(runtime, envParam(c));
  const { value: report } = await runtime.shared.run(`version:${environment.id}`, () =>
    versionReport(providersFor(runtime.fetch, environment, c.env ?? {})),
  );
  return c.json(report);
});
