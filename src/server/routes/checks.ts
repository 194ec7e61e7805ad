import { type Context, Hono } from "hono";
import { buildRequest, runCheck } from "../../core/checks/run.ts";
import type { CheckSummary } from "../../core/result.ts";
import { ApiFailure } from "../errors.ts";
import { costsNothing } from "../lib/coalesce.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";
import { checkPath, refuseBody, validParam } from "../validation/index.ts";

/** `GET /api/checks?env=` lists checks; `POST /api/checks/:id/run?env=` runs one. */
export const checks = new Hono<AppEnv>()
  .get("/", described("The checks of an environment and the exact request each makes."), environmentParam(), (c) => {
    const environment = c.get("environment");
    const list: CheckSummary[] = environment.checks.map((check) => ({
      id: check.id,
      title: check.title,
      ...(check.description !== undefined && { description: check.description }),
      kind: check.kind,
      method: check.method,
      url: buildRequest(environment, check).url,
      smoke: check.smoke,
    }));
    return c.json({ environment: environment.id, checks: list });
  })
  .post(
    "/:id/run",
    described("Runs one check and answers its result; takes no body."),
    audited("check"),
    limitRuns(weighRun),
    environmentParam(),
    validParam(checkPath),
    async (c) => {
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      const { id } = c.req.valid("param");
      await refuseBody(c);
      const check = environment.checks.find((k) => k.id === id);
      if (!check)
        throw new ApiFailure(
          404,
          "unknown_check",
          `check "${id}" is not defined for environment "${environment.id}" (defined: ${environment.checks.map((k) => k.id).join(", ")})`,
        );
      const { value, shared } = await runtime.shared.run(
        `${environment.id}/${check.id}`,
        () => runCheck({ fetch: runtime.fetch, environment }, check),
        {
          reuse: runtime.reuse.checks,
        },
      );
      return c.json({ ...value, cached: shared });
    },
  );

/** A run probes once, unless its answer is reused or a run for it is in flight: then it weighs nothing. */
async function weighRun(c: Context<AppEnv>): Promise<number> {
  const runtime = c.get("runtime");
  const key = `${c.req.query("env") ?? ""}/${c.req.param("id") ?? ""}`;
  return (await costsNothing(runtime.shared, runtime.reuse.checks, key)) ? 0 : 1;
}
