/**
 * @module
 * The one place an action's outcome is recorded, once it was read back: the action's row, the note and
 * status on the deployment it undoes, the audit row, and the result line. Whatever else must hear of
 * an outcome (notifications) hooks in here.
 */
import type { ActionOutcome, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import type { NotificationEvent } from "../../core/notify/events.ts";
import { monitorAlertKey } from "../../core/notify/monitor-events.ts";
import { actionOutcome, deploymentFinished } from "../../core/notify/record-events.ts";
import { recordOnDeployment } from "../history/action-records.ts";
import { type ActionStatus, finishAction } from "../history/actions-store.ts";
import { named } from "./refs.ts";
import type { ActionKind, ActionRun } from "./types.ts";

export interface Outcome {
  outcome: ActionOutcome;
  /** The read-back: the switch happened (true), did not (false), or could not be told (null). */
  switched: boolean | null;
  headline: string;
  next: string;
  /** What the verification (or the read-back) said, in a sentence or two. */
  verification: string;
  code?: string;
  /** The Convex redeploy's workflow run, when found. */
  runUrl?: string | null;
}

const STATUS: Record<ActionOutcome, Exclude<ActionStatus, "running">> = {
  verified: "verified",
  "verify-failed": "verify_failed",
  "not-rolled-back": "not_rolled_back",
  unknown: "unknown",
};

const WHAT: Record<ActionKind, string> = { pages: "Pages rollback", convex: "Convex redeploy" };

/** Records the outcome everywhere it belongs and publishes the result line. Recording failures are logged, never thrown. */
export async function recordOutcome(o: ActionRun, kind: ActionKind, result: Outcome): Promise<RollbackEvent> {
  const { env, from, to } = o;
  const now = new Date().toISOString();
  const line = `${WHAT[kind]} ${named(from)} → ${named(to)} by ${o.actor}, reason: "${o.reason}". ${result.headline} ${result.verification}`;
  let deploymentId: number | null = null;
  const where = { environment: env, actor: o.actor, at: now, siteUrl: o.notify?.siteUrl };
  const facts = {
    kind: kind === "pages" ? ("pages-rollback" as const) : ("convex-redeploy" as const),
    fromId: from.id,
    toId: to.id,
    toCommit: to.commit ?? null,
    reason: o.reason,
  };
  let told: NotificationEvent[] = [];
  try {
    deploymentId = await recordOnDeployment(
      o.db,
      {
        environment: env.id,
        actionId: o.actionId,
        undoes: {
          pagesId: kind === "pages" ? from.id : undefined,
          commit: from.commit,
          createdOn: from.createdOn,
        },
        switched: result.switched,
        text: line.slice(0, 2000),
        actor: o.actor,
      },
      now,
    );
    told = [
      actionOutcome(where, facts, STATUS[result.outcome], result.verification, await openMonitorAlert(o, now)),
      // The deployment it undid is now recorded as rolled back.
      ...(result.switched === true && deploymentId !== null
        ? [deploymentFinished(where, { id: deploymentId, targetCommit: from.commit ?? from.id }, "rolled_back")]
        : []),
    ];
    await finishAction(
      o.db,
      o.actionId,
      { status: STATUS[result.outcome], verification: result.verification, deploymentId, runUrl: result.runUrl },
      now,
      told,
    );
    o.notify?.tell(told.map((e) => e.id));
  } catch (error) {
    console.error(`[actions] action ${o.actionId} not fully recorded: ${(error as Error).message}`);
  }
  await o.audit(
    result.outcome,
    200,
    to.shortId,
    `from ${named(from)} to ${named(to)} · reason: "${o.reason}" · ${result.headline} ${result.verification}`.slice(
      0,
      2000,
    ),
  );
  const event: RollbackEvent = {
    type: "result",
    outcome: result.outcome,
    headline: result.headline,
    next: result.next,
    by: o.actor,
    actionId: o.actionId,
    deploymentId,
    ...(result.code && { code: result.code }),
  };
  o.publish(event);
  return event;
}

/** How recent a breached watch must be for a verified rollback to resolve its alert. */
const BREACH_RESOLVED_BY_ROLLBACK_MS = 6 * 3600_000;

/** The alert of the environment's latest breached watch, if it breached recently: a verified rollback resolves it. */
async function openMonitorAlert(o: ActionRun, now: string): Promise<string | undefined> {
  const row = await o.db
    .prepare(
      `SELECT watch_id AS id FROM monitor_samples WHERE environment = ?1 AND state = 'done' AND breached IS NOT NULL
         AND breached <> '[]' AND at >= ?2 ORDER BY watch_id DESC LIMIT 1`,
    )
    .bind(o.env.id, new Date(Date.parse(now) - BREACH_RESOLVED_BY_ROLLBACK_MS).toISOString())
    .first<{ id: number }>();
  return row ? monitorAlertKey({ environment: o.env.id, id: row.id }) : undefined;
}
