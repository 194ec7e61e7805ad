/**
 * @module
 * What the Convex redeploy acts on: the commit Convex runs and the one the rollback plan names (the
 * commit Pages says was good), read on the server.
 */
import type { Context } from "hono";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import { ApiFailure } from "../errors.ts";
import { latestAction } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { rollbackReport } from "../reports/rollback.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { commonGuards, convexGuard } from "./guards.ts";
import { commitRef } from "./refs.ts";
import type { Prepared } from "./types.ts";

/** What the Convex section of the rollback report says: what runs now and the commit to go back to. */
export async function readConvexPlan(runtime: Runtime, env: ResolvedEnvironment, bindings: object) {
  const report = await rollbackReport(deployClients(runtime.fetch, env, bindings));
  if (!report.convex.ok)
    throw new ApiFailure(
      502,
      "plan_unreadable",
      `the Convex rollback target could not be worked out, so nothing was changed: ${report.convex.error.message}`,
    );
  return report.convex.data;
}

/** Every guard of the Convex redeploy; the target must be the commit the rollback plan names. */
export async function prepareConvex(
  c: Context<AppEnv>,
  runtime: Runtime,
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
  haveDb: (db: D1Database) => void,
): Promise<Prepared> {
  const { settings, db, body } = await commonGuards(c, env, convexGuard(env, bindings, actor), haveDb);
  const plan = await readConvexPlan(runtime, env, bindings);
  if (!plan.current)
    throw new ApiFailure(
      409,
      "no_live_deployment",
      "Convex's version endpoint did not answer: what runs now is unknown",
    );
  if (!sameCommit(plan.current.sha, body.expectedLive)) {
    const last = await latestAction(db, env.id);
    const who =
      last && sameCommit(last.toId, plan.current.sha)
        ? ` ${last.actor} redeployed it at ${last.at} (reason: "${last.reason}").`
        : "";
    throw new ApiFailure(
      409,
      "live_changed",
      `Convex now runs ${shortSha(plan.current.sha)}, not ${body.expectedLive.slice(0, 7)} as the page showed: the page is stale, so nothing was changed.${who} Read the Rollback page again before deciding.`,
    );
  }
  if (!sameCommit(plan.target.sha, body.target))
    throw new ApiFailure(
      409,
      "target_not_planned",
      `Convex goes back to ${shortSha(plan.target.sha)}, the commit Pages says was good (${plan.reason}), not ${body.target.slice(0, 40)}; nothing was changed`,
    );
  if (plan.upToDate)
    throw new ApiFailure(
      409,
      "target_not_older",
      `Convex already runs ${shortSha(plan.target.sha)}; nothing was changed`,
    );
  return { settings, db, body, from: commitRef(plan.current.sha), to: commitRef(plan.target.sha) };
}
