/**
 * @module
 * Actions the runbook performed (`migrations/0002_actions.sql`, `0008_action_outcomes.sql`): one row
 * per action, at most one running per environment (a unique index decides races between isolates: the
 * second press is told who is rolling back), and one row per press in `action_presses`, the one that
 * ran and each that joined it, so every request id is used once whichever it was.
 */
import type { NotificationEvent } from "../../core/notify/events.ts";
import { eventIfChanged, eventStatements } from "../notify/events.ts";
import type { D1Database } from "./d1.ts";

export type ActionStatus = "running" | "verified" | "verify_failed" | "not_rolled_back" | "unknown" | "interrupted";

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

/** A press already made with this request id: who, when, and how its action ended (or that it joined one). */
export interface UsedRequest {
  actor: string;
  at: string;
  status: string;
}

export async function findByRequest(db: D1Database, requestId: string): Promise<UsedRequest | undefined> {
  return (
    (await db
      .prepare(
        `SELECT p.actor, p.at, CASE WHEN p.joined = 1 THEN 'joined the action of ' || COALESCE(a.actor, 'someone') || ', ' || COALESCE(a.status, 'unknown') ELSE COALESCE(a.status, 'unknown') END AS status
         FROM action_presses AS p LEFT JOIN actions AS a ON a.id = p.action_id WHERE p.request_id = ?1
         UNION ALL SELECT actor, at, status FROM actions WHERE request_id = ?1 LIMIT 1`,
      )
      .bind(requestId)
      .first<UsedRequest>()) ?? undefined
  );
}

/**
 * Records a press that joined the action in flight (no provider call of its own): `{ joined }` with
 * that action, or `{ replayed }` when this request id was used before.
 */
export async function joinAction(
  db: D1Database,
  press: { environment: string; requestId: string; actor: string; at: string },
): Promise<{ joined: ActionRow | undefined } | { replayed: UsedRequest }> {
  const running = await db
    .prepare(`SELECT ${COLUMNS} FROM actions WHERE environment = ?1 AND status = 'running'`)
    .bind(press.environment)
    .first<ActionRow>();
  const inserted = await db
    .prepare(
      `INSERT INTO action_presses (request_id, action_id, environment, actor, at, joined)
       SELECT ?1, ?2, ?3, ?4, ?5, 1 WHERE NOT EXISTS (SELECT 1 FROM actions WHERE request_id = ?1)
       ON CONFLICT DO NOTHING RETURNING request_id`,
    )
    .bind(press.requestId, running?.id ?? null, press.environment, press.actor, press.at)
    .first<{ request_id: string }>();
  if (inserted) return { joined: running ?? undefined };
  const used = await findByRequest(db, press.requestId);
  return { replayed: used ?? { actor: press.actor, at: press.at, status: "used" } };
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
 * `{ replayed }` when this request id was used before. `pressed` (the team's "rollback pressed") is
 * written with the press that took the slot, and only then.
 */
export async function beginAction(
  db: D1Database,
  action: NewAction,
  now = Date.now(),
  pressed?: NotificationEvent,
): Promise<{ id: number } | { running: ActionRow } | { replayed: UsedRequest }> {
  const cutoff = new Date(now - STALE_RUNNING_MS).toISOString();
  const used = await findByRequest(db, action.requestId);
  if (used) return { replayed: used };
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
  ]);
  const id = inserted?.results[0]?.id;
  if (id !== undefined) {
    const [press] = await db.batch<{ request_id: string }>([
      db
        .prepare(
          "INSERT INTO action_presses (request_id, action_id, environment, actor, at, joined) VALUES (?1, ?2, ?3, ?4, ?5, 0) ON CONFLICT DO NOTHING RETURNING request_id",
        )
        .bind(action.requestId, id, action.environment, action.actor, action.at),
      ...(pressed ? [eventIfChanged(db, pressed)] : []),
    ]);
    if (press?.results[0]) return { id };
    // A joined press took this request id between the check above and here: this press is a replay.
    await db.prepare("DELETE FROM actions WHERE id = ?1").bind(id).run();
    const taken = await findByRequest(db, action.requestId);
    return { replayed: taken ?? { actor: action.actor, at: action.at, status: "used" } };
  }
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
  outcome: {
    status: Exclude<ActionStatus, "running">;
    verification: string;
    deploymentId: number | null;
    runUrl?: string | null | undefined;
  },
  now: string,
  told: readonly NotificationEvent[] = [],
): Promise<void> {
  // The outcome's notifications are written with it, in one batch.
  await db.batch([
    db
      .prepare(
        "UPDATE actions SET status = ?2, verification = ?3, deployment_id = ?4, finished_at = ?5, run_url = ?6 WHERE id = ?1",
      )
      .bind(id, outcome.status, outcome.verification, outcome.deploymentId, now, outcome.runUrl ?? null),
    ...told.flatMap((event) => eventStatements(db, event)),
  ]);
}
