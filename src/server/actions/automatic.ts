/**
 * @module
 * A Pages rollback with no page and no press: what the watch's automatic rollback calls, as its own
 * identity. The guards that need no person hold all the same (enabled, the identity on the allow-list,
 * the write token, D1, a live and a last good deployment, one action per environment at a time), and
 * the answer is read, read back, verified and recorded exactly as a press's.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { type RollbackEvent, targetProblem } from "../../core/deploy/rollback-action.ts";
import { actionPressed } from "../../core/notify/record-events.ts";
import { ApiFailure } from "../errors.ts";
import { beginAction } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import type { Runtime } from "../runtime.ts";
import { actionAudit } from "./audit.ts";
import { pagesGuard } from "./guards.ts";
import { rollbackPages } from "./pages-rollback.ts";
import { readLive } from "./pages-target.ts";
import { named, ref } from "./refs.ts";

export interface AutomaticRollback {
  runtime: Runtime;
  env: ResolvedEnvironment;
  bindings: object;
  db: D1Database;
  /** Who rolls back: the watch's identity (`service:<name>`), which must be on `rollbackAction.allow`. */
  actor: string;
  reason: string;
  retentionDays: number;
  /** Each step as it happens (the same events a press streams); none by default. */
  publish?: (event: RollbackEvent) => void;
}

/**
 * Rolls the environment's Pages project back to its last good deployment. The result line, or the
 * refusal (nothing was changed; the refusal is audited).
 */
export async function rollbackPagesAutomatically(
  o: AutomaticRollback,
): Promise<{ result: RollbackEvent } | { refused: ApiFailure }> {
  const started = Date.now();
  const audit = actionAudit({
    db: () => o.db,
    environment: o.env.id,
    actor: o.actor,
    startedMs: started,
    retentionDays: o.retentionDays,
  });
  const refuse = async (failure: ApiFailure, target: string | null) => {
    await audit("refused", failure.status, target, `${failure.code}: ${failure.message}`);
    return { refused: failure };
  };
  const guarded = pagesGuard(o.env, o.bindings, o.actor);
  if ("refusal" in guarded) return refuse(guarded.refusal, null);
  let live: ReturnType<typeof ref>;
  let to: ReturnType<typeof ref>;
  try {
    const reading = await readLive(o.runtime, o.env, o.bindings);
    const { live: served, lastGood } = reading.selection;
    if (!served || !lastGood)
      return refuse(
        new ApiFailure(
          409,
          served ? "no_last_good" : "no_live_deployment",
          served
            ? `Pages lists no successful production deployment before ${served.shortId}: nothing to roll back to`
            : "Pages reports no served production deployment: nothing to roll back from",
        ),
        null,
      );
    const problem = targetProblem(lastGood, served);
    if (problem) return refuse(new ApiFailure(409, problem.code, `${problem.message}; nothing was changed`), null);
    live = ref(served);
    to = ref(lastGood);
  } catch (error) {
    if (error instanceof ApiFailure) return refuse(error, null);
    throw error;
  }
  const pressedAt = new Date(started).toISOString();
  // The Worker has no request to link from: the config's (or the binding's) address of the runbook.
  const siteUrl =
    o.runtime.loaded.config.notifications.siteUrl ?? (o.bindings as { RUNBOOK_SITE_URL?: string }).RUNBOOK_SITE_URL;
  const pressed = actionPressed(
    { environment: o.env, actor: o.actor, at: pressedAt, siteUrl },
    { kind: "pages-rollback", fromId: live.id, toId: to.id, toCommit: to.commit ?? null, reason: o.reason },
  );
  const begun = await beginAction(
    o.db,
    {
      environment: o.env.id,
      kind: "pages-rollback",
      requestId: `auto-${crypto.randomUUID()}`,
      actor: o.actor,
      at: pressedAt,
      fromId: live.id,
      fromCommit: live.commit ?? null,
      toId: to.id,
      toCommit: to.commit ?? null,
      reason: o.reason,
    },
    started,
    pressed,
  );
  if (!("id" in begun))
    return refuse(
      new ApiFailure(
        409,
        "rollback_in_progress",
        "running" in begun
          ? `${begun.running.actor} is already rolling ${o.env.id} back (since ${begun.running.at}): nothing was sent`
          : `this automatic rollback's request id was already used: nothing was sent`,
      ),
      to.shortId,
    );
  const result = await rollbackPages({
    runtime: o.runtime,
    env: o.env,
    bindings: o.bindings,
    settings: guarded.settings,
    db: o.db,
    actor: o.actor,
    actionId: begun.id,
    from: live,
    to,
    reason: `${o.reason} (automatic, ${named(live)} → ${named(to)})`,
    pressedAt,
    publish: o.publish ?? (() => {}),
    audit,
    // The Worker's notifications job delivers the outcome within the minute.
    notify: { siteUrl, tell: () => {} },
  });
  return { result };
}
