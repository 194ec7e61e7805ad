/**
 * @module
 * Actions the runbook performed (`migrations/0002_actions.sql`): one row per pressed rollback, with a
 * unique request id (a replay is refused) and at most one running per environment (a unique index
 * decides races between isolates: the second press is told who is rolling back).
 */
import type { NotificationEvent } from "../../core/notify/events.ts";
import { eventIfChanged, eventStatements } from "../notify/events.ts";
import type { D1Database } from "./d1.ts";
import { addNote, finishDeployment } from "./deployments-store.ts";

export type ActionStatus = "running" | "verified" | "verify_failed" | "not_rolled_back" | "interrupted";

export interface ActionRow {
  id: number;
  environment: string;
  requestId: string;
  actor: string;
  at: string;
  fromId: string;
  fromCommit: string | null;
  toId: string;
  toCommit: string | null;
  reason: string;
  status: ActionStatus;
  verification: string | null;
  finishedAt: string | null;
  deploymentId: number | null;
}

export interface NewAction {
  environment: string;
  /** Default `pages-rollback`. */
  kind?: "pages-rollback" | "convex-redeploy";
  requestId: string;
  actor: string;
  at: string;
  fromId: string;
  fromCommit: string | null;
  toId: string;
  toCommit: string | null;
  reason: string;
}

/** A running row older than this is from an invocation that died mid-action: it no longer blocks. */
export const STALE_RUNNING_MS = 10 * 60 * 1000;

const COLUMNS = `id, environment, request_id AS requestId, actor, at, from_id AS fromId, from_commit AS fromCommit,
  to_id AS toId, to_commit AS toCommit, reason, status, verification, finished_at AS finishedAt, deployment_id AS deploymentId`;

export async function findByRequest(db: D1Database, requestId: string): Promise<ActionRow | undefined> {
  return (
    (await db.prepare(`SELECT ${COLUMNS} FROM actions WHERE request_id = ?1`).bind(requestId).first<ActionRow>()) ??
    undefined
  );
}

/** The newest action of an environment, if any. */
export async function latestAction(db: D1Database, environment: string): Promise<ActionRow | undefined> {
  return (
    (await db
      .prepare(`SELECT ${COLUMNS} FROM actions WHERE environment = ?1 ORDER BY id DESC LIMIT 1`)
      .bind(environment)
      .first<ActionRow>()) ?? undefined
  );
}

/**
 * Takes the environment's action slot: `{ id }`, or `{ running }` with the action in progress, or
 * `{ replayed }` when this request id was used before.
 */
export async function beginAction(
  db: D1Database,
  action: NewAction,
  now = Date.now(),
  pressed?: NotificationEvent,
): Promise<{ id: number } | { running: ActionRow } | { replayed: ActionRow }> {
  const cutoff = new Date(now - STALE_RUNNING_MS).toISOString();
  const [, inserted] = await db.batch<{ id: number }>([
    db
      .prepare(
        "UPDATE actions SET status = 'interrupted', finished_at = ?2, verification = 'the invocation stopped before it finished' WHERE environment = ?1 AND status = 'running' AND at < ?3",
      )
      .bind(action.environment, new Date(now).toISOString(), cutoff),
    db
      .prepare(
        `INSERT INTO actions (environment, kind, request_id, actor, at, from_id, from_commit, to_id, to_commit, reason)
         VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING RETURNING id`,
      )
      .bind(
        action.environment,
        action.requestId,
        action.actor,
        action.at,
        action.fromId,
        action.fromCommit,
        action.toId,
        action.toCommit,
        action.reason,
        action.kind ?? "pages-rollback",
      ),
    // "Rollback pressed" exists exactly when the press took the slot.
    ...(pressed ? [eventIfChanged(db, pressed)] : []),
  ]);
  const id = inserted?.results[0]?.id;
  if (id !== undefined) return { id };
  const replayed = await findByRequest(db, action.requestId);
  if (replayed) return { replayed };
  const running = await db
    .prepare(`SELECT ${COLUMNS} FROM actions WHERE environment = ?1 AND status = 'running'`)
    .bind(action.environment)
    .first<ActionRow>();
  if (!running) throw new Error("action insert was ignored but no conflicting row exists");
  return { running };
}

export async function finishAction(
  db: D1Database,
  id: number,
  outcome: { status: Exclude<ActionStatus, "running">; verification: string; deploymentId: number | null },
  now: string,
  told?: NotificationEvent,
): Promise<void> {
  await db.batch([
    db
      .prepare("UPDATE actions SET status = ?2, verification = ?3, deployment_id = ?4, finished_at = ?5 WHERE id = ?1")
      .bind(id, outcome.status, outcome.verification, outcome.deploymentId, now),
    ...(told ? eventStatements(db, told) : []),
  ]);
}

/**
 * Notes the action on the environment's deployment record: the one in progress (which a performed
 * rollback then closes as rolled back), else the newest one. Null when the environment has none.
 */
export async function noteOnDeployment(
  db: D1Database,
  input: { environment: string; actionId: number; text: string; rolledBack: boolean },
  actor: string,
  now: string,
  rolledBackEvent?: (deployment: { id: number; targetCommit: string }) => NotificationEvent,
): Promise<number | null> {
  const row = await db
    .prepare(
      "SELECT id, status, target_commit AS targetCommit FROM deployments WHERE environment = ?1 ORDER BY status = 'in_progress' DESC, started_at DESC, id DESC LIMIT 1",
    )
    .bind(input.environment)
    .first<{ id: number; status: string; targetCommit: string }>();
  if (!row) return null;
  await addNote(db, row.id, { text: input.text, idempotencyKey: `rollback-action-${input.actionId}` }, actor, now);
  if (row.status === "in_progress" && input.rolledBack)
    await finishDeployment(db, row.id, "rolled_back", actor, now, rolledBackEvent?.(row));
  return row.id;
}
