/**
 * @module
 * `GET /api/actions/rollback` and `/convex-redeploy`: whether the button exists for this reader, what
 * is live, the targets, and the newest action of the environment. Nothing is changed.
 */
import type { Context } from "hono";
import { shortSha } from "../../core/deploy/commits.ts";
import type { RollbackActionState } from "../../core/deploy/rollback-action.ts";
import { ApiFailure } from "../errors.ts";
import { latestAction } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import { historyDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import type { AppEnv } from "../types.ts";
import { readConvexPlan } from "./convex-target.ts";
import { convexGuard, MAX_AGE_SECONDS, pagesGuard } from "./guards.ts";
import { readLive } from "./pages-target.ts";
import { commitRef, ref } from "./refs.ts";

/** The request's environment and actor, and an answer that fills in "not available" and the time taken. */
function stateRequest(c: Context<AppEnv>) {
  const started = performance.now();
  const env = c.get("environment");
  const actor = actorOf(c.get("identity"));
  const now = new Date().toISOString();
  const state: RollbackActionState = {
    environment: env.id,
    available: false,
    actor,
    live: null,
    targets: [],
    issuedAt: now,
    maxAgeSeconds: MAX_AGE_SECONDS,
    checkedAt: now,
    durationMs: 0,
  };
  const answer = (extra: Partial<RollbackActionState>) =>
    c.json({ ...state, ...extra, durationMs: Math.round(performance.now() - started) });
  return { runtime: c.get("runtime"), env, bindings: c.env ?? {}, actor, answer };
}

/** `GET /api/actions/rollback?env=`. */
export async function pagesState(c: Context<AppEnv>): Promise<Response> {
  const { runtime, env, bindings, actor, answer } = stateRequest(c);
  const guarded = pagesGuard(env, bindings, actor);
  if ("refusal" in guarded) return answer({ why: guarded.refusal.message });
  let db: D1Database;
  try {
    db = await historyDatabase(c.env?.RUNBOOK_DB);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return answer({ why: `no unaudited writes: ${error.message}` });
  }
  const [reading, last] = await Promise.all([
    readLive(runtime, env, bindings).catch((error: unknown) => error as Error),
    latestAction(db, env.id),
  ]);
  const lastSummary = last && {
    last: {
      by: last.actor,
      at: last.at,
      fromId: last.fromId,
      toId: last.toId,
      reason: last.reason,
      status: last.status,
      verification: last.verification,
    },
  };
  if (reading instanceof Error) return answer({ why: reading.message, ...lastSummary });
  const live = reading.selection.live;
  if (!live) return answer({ why: "Pages reports no served production deployment to roll back from", ...lastSummary });
  const targets = reading.selection.candidates
    .filter((d) => Date.parse(d.createdOn) < Date.parse(live.createdOn))
    .map(ref);
  // Rolled back: the newest successful deployment is the roll-forward target, and no older one is "last good".
  const { newest, rolledBack } = reading.selection;
  return answer({
    available: true,
    live: ref(live),
    targets,
    ...(rolledBack && newest && { newest: ref(newest) }),
    ...lastSummary,
  });
}

/** `GET /api/actions/convex-redeploy?env=`: the same answer, with commits for deployments. */
export async function convexState(c: Context<AppEnv>): Promise<Response> {
  const { runtime, env, bindings, actor, answer } = stateRequest(c);
  const guarded = convexGuard(env, bindings, actor);
  if ("refusal" in guarded) return answer({ why: guarded.refusal.message });
  try {
    await historyDatabase(c.env?.RUNBOOK_DB);
    const plan = await readConvexPlan(runtime, env, bindings);
    if (!plan.current) return answer({ why: "Convex's version endpoint did not answer, so what runs now is unknown" });
    if (plan.upToDate)
      return answer({ live: commitRef(plan.current.sha), why: `Convex already runs ${shortSha(plan.target.sha)}` });
    return answer({ available: true, live: commitRef(plan.current.sha), targets: [commitRef(plan.target.sha)] });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return answer({ why: error.message });
  }
}
