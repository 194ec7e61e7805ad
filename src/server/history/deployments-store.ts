/**
 * @module
 * Deployments and what attaches to them, in D1. Every query is a prepared statement with bound
 * values; writes that a retry can repeat are keyed (natural keys or the client's idempotency key),
 * so repeating one changes nothing.
 */
import type {
  AttachedCheck,
  DeploymentDetail,
  DeploymentSummary,
  SharedNote,
  SharedTick,
} from "../../core/history/schemas.ts";
import type { NotificationEvent } from "../../core/notify/events.ts";
import { eventIfChanged } from "../notify/events.ts";
import { CAPS, DETAIL_AUDITED_CHECKS, SUMMARY_NOTES } from "./caps.ts";
import type { D1Database } from "./d1.ts";

interface DeploymentRow {
  id: number;
  environment: string;
  target_commit: string;
  version: string | null;
  convex_version: string | null;
  started_by: string;
  started_at: string;
  status: DeploymentSummary["status"];
  finished_by: string | null;
  finished_at: string | null;
  notes_count: number;
}

const SUMMARY_COLUMNS = `d.id, d.environment, d.target_commit, d.version, d.convex_version, d.started_by, d.started_at, d.status,
  d.finished_by, d.finished_at, (SELECT COUNT(*) FROM notes WHERE deployment_id = d.id) AS notes_count`;

/**
 * The first `SUMMARY_NOTES` notes of each deployment, one row per note: never one string (or row) that
 * grows with the notes, which SQLite refuses past its size limit (SQLITE_TOOBIG). Each says who wrote it
 * and when (and when the runbook itself did), so the list and its exports show it as the detail does.
 */
async function summaryNotes(db: D1Database, ids: readonly number[]): Promise<Map<number, string[]>> {
  const notes = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return notes;
  const { results } = await db
    .prepare(
      `SELECT deployment_id AS id, text, actor, at, author_kind AS kind FROM (
         SELECT deployment_id, text, actor, at, author_kind, id, ROW_NUMBER() OVER (PARTITION BY deployment_id ORDER BY id) AS n
         FROM notes WHERE deployment_id IN (SELECT value FROM json_each(?1))
       ) WHERE n <= ?2 ORDER BY deployment_id, id`,
    )
    .bind(JSON.stringify(ids), SUMMARY_NOTES)
    .all<{ id: number; text: string; actor: string; at: string; kind: string }>();
  for (const row of results) notes.get(row.id)?.push(noteLine(row));
  return notes;
}

/** "text (ana@…, 2026-12-06 09:12 UTC)"; the runbook's own notes say so: "(runbook for ana@…, …)". */
function noteLine(note: { text: string; actor: string; at: string; kind: string }): string {
  const when = `${note.at.slice(0, 16).replace("T", " ")} UTC`;
  return `${note.text} (${note.kind === "runbook" ? "runbook for " : ""}${note.actor}, ${when})`;
}

function summary(row: DeploymentRow, notes: ReadonlyMap<number, string[]>): DeploymentSummary {
  return {
    id: row.id,
    environment: row.environment,
    targetCommit: row.target_commit,
    version: row.version,
    convexVersion: row.convex_version,
    startedBy: row.started_by,
    startedAt: row.started_at,
    status: row.status,
    finishedBy: row.finished_by,
    finishedAt: row.finished_at,
    notes: notes.get(row.id) ?? [],
    notesCount: row.notes_count,
  };
}

/** Summaries of these rows, with their first notes. */
async function summaries(db: D1Database, rows: readonly DeploymentRow[]): Promise<DeploymentSummary[]> {
  const notes = await summaryNotes(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => summary(row, notes));
}

/** Deployments of an environment, newest first; `before` pages on from an id. */
export async function listDeployments(
  db: D1Database,
  environment: string,
  options: { limit: number; before?: number | undefined },
): Promise<{ deployments: DeploymentSummary[]; current: number | null; next: number | null }> {
  const [page, open] = await db.batch<DeploymentRow | { id: number }>([
    db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM deployments AS d WHERE d.environment = ?1 AND d.id < ?2 ORDER BY d.id DESC LIMIT ?3`,
      )
      .bind(environment, options.before ?? Number.MAX_SAFE_INTEGER, options.limit + 1),
    db.prepare("SELECT id FROM deployments WHERE environment = ?1 AND status = 'in_progress'").bind(environment),
  ]);
  const rows = (page?.results ?? []) as DeploymentRow[];
  const more = rows.length > options.limit;
  const deployments = await summaries(db, rows.slice(0, options.limit));
  return {
    deployments,
    current: (open?.results[0] as { id: number } | undefined)?.id ?? null,
    next: more ? (deployments.at(-1)?.id ?? null) : null,
  };
}

export async function findDeployment(db: D1Database, id: number): Promise<DeploymentSummary | undefined> {
  const row = await db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM deployments AS d WHERE d.id = ?1`)
    .bind(id)
    .first<DeploymentRow>();
  return row ? (await summaries(db, [row]))[0] : undefined;
}

type TickRow = Omit<SharedTick, "ticked"> & { ticked: number };
const tickOf = (t: TickRow): SharedTick => ({ ...t, ticked: t.ticked === 1 });
export const TICKS =
  "SELECT checklist, item, label, ticked, actor AS by, at, check_id AS checkId FROM ticks WHERE deployment_id = ?1";
export const NOTE_COLUMNS = "id, text, actor AS by, at, author_kind AS kind";
const NOTES = `SELECT ${NOTE_COLUMNS} FROM notes WHERE deployment_id = ?1`;
export const CHECK_COLUMNS = "check_id AS checkId, source, status, summary, checked_at AS checkedAt, actor AS by, at";
const ATTACHED_CHECKS = `SELECT ${CHECK_COLUMNS} FROM check_results WHERE deployment_id = ?1`;

/**
 * Check and verify-all runs the audit log saw in the deployment's environment while it was in
 * progress: every Verify pressed by anyone attaches itself, without the widgets posting anything.
 */
export const AUDITED_COLUMNS = `COALESCE(a.target, 'verify-all') AS checkId, CASE a.kind WHEN 'check' THEN 'check' ELSE 'verify-all' END AS source,
    CASE WHEN a.outcome IN ('pass', 'warn', 'fail', 'error') THEN a.outcome ELSE 'error' END AS status,
    'HTTP ' || a.http_status || ' in ' || a.duration_ms || ' ms' AS summary, a.at AS checkedAt, a.actor AS by, a.at AS at`;
export const AUDITED_FROM = `FROM audit AS a JOIN deployments AS d ON d.id = ?1
  WHERE a.environment = d.environment AND a.kind IN ('check', 'verify-all') AND a.at >= d.started_at
    AND (d.finished_at IS NULL OR a.at <= d.finished_at)`;
const AUDITED_CHECKS = `SELECT ${AUDITED_COLUMNS} ${AUDITED_FROM}`;

/**
 * A deployment with its ticks, its first notes (up to the notes cap; `notesCount` says how many there
 * are) and check results (attached, then the newest audited presses), read in one round trip. Every
 * part is bounded, whatever was written to the deployment; its export streams the whole record.
 */
export async function deploymentDetail(db: D1Database, id: number): Promise<DeploymentDetail | undefined> {
  const [deployment, ticks, notes, checks, audited] = await db.batch([
    db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM deployments AS d WHERE d.id = ?1`).bind(id),
    db.prepare(`${TICKS} ORDER BY checklist, item LIMIT ?2`).bind(id, CAPS.ticks),
    db.prepare(`${NOTES} ORDER BY id LIMIT ?2`).bind(id, CAPS.notes),
    db.prepare(`${ATTACHED_CHECKS} ORDER BY checked_at, id LIMIT ?2`).bind(id, CAPS.checks),
    db.prepare(`${AUDITED_CHECKS} ORDER BY a.id DESC LIMIT ?2`).bind(id, DETAIL_AUDITED_CHECKS),
  ]);
  const row = deployment?.results[0] as DeploymentRow | undefined;
  if (!row) return undefined;
  const noteRows = (notes?.results ?? []) as SharedNote[];
  return {
    deployment: summary(row, new Map([[id, noteRows.slice(0, SUMMARY_NOTES).map((n) => n.text)]])),
    ticks: ((ticks?.results ?? []) as TickRow[]).map(tickOf),
    notes: noteRows,
    checks: [...((checks?.results ?? []) as AttachedCheck[]), ...((audited?.results ?? []) as AttachedCheck[])].sort(
      (a, b) => a.checkedAt.localeCompare(b.checkedAt),
    ),
  };
}

export interface StartInput {
  environment: string;
  targetCommit: string;
  version?: string | undefined;
  convexVersion?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * Starts a deployment. At most one is in progress per environment (a unique index decides races):
 * `created` false with the existing record when the same key was sent before, `conflict` with the
 * one in progress otherwise.
 */
export async function startDeployment(
  db: D1Database,
  input: StartInput,
  actor: string,
  now: string,
  started?: NotificationEvent,
): Promise<
  | { created: true; deployment: DeploymentSummary }
  | { created: false; deployment: DeploymentSummary }
  | { conflict: DeploymentSummary }
> {
  if (input.idempotencyKey) {
    const existing = await findByIdempotencyKey(db, input.idempotencyKey);
    if (existing) return { created: false, deployment: existing };
  }
  const insert = db
    .prepare(
      `INSERT INTO deployments (environment, target_commit, version, convex_version, started_by, started_at, idempotency_key)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING RETURNING id`,
    )
    .bind(
      input.environment,
      input.targetCommit,
      input.version ?? null,
      input.convexVersion ?? null,
      actor,
      now,
      input.idempotencyKey ?? null,
    );
  // The "deployment started" notification is written with the record, or not at all.
  const [result] = await db.batch<{ id: number }>([
    insert,
    ...(started ? [eventIfChanged(db, started, { deploymentIdFromInsert: true })] : []),
  ]);
  const inserted = result?.results[0];
  const created = inserted && (await findDeployment(db, inserted.id));
  if (created) return { created: true, deployment: created };
  // Lost a race: either the same key landed first (a retry) or someone else's deployment is in progress.
  if (input.idempotencyKey) {
    const existing = await findByIdempotencyKey(db, input.idempotencyKey);
    if (existing) return { created: false, deployment: existing };
  }
  const open = await db
    .prepare("SELECT id FROM deployments WHERE environment = ?1 AND status = 'in_progress'")
    .bind(input.environment)
    .first<{ id: number }>();
  const current = open && (await findDeployment(db, open.id));
  if (!current) throw new Error("deployment insert was ignored but no conflicting row exists");
  return { conflict: current };
}

export interface TickInput {
  checklist: string;
  item: string;
  label: string;
  ticked: boolean;
  checkId?: string | undefined;
}

/**
 * Sets one item's state (one row per item: ticks of different items never collide; a repeat is the same
 * write). A new item past the ticks cap is not written: `undefined`.
 */
export async function setTick(
  db: D1Database,
  id: number,
  input: TickInput,
  actor: string,
  now: string,
): Promise<SharedTick | undefined> {
  await db
    .prepare(
      `INSERT INTO ticks (deployment_id, checklist, item, label, ticked, actor, at, check_id)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
       WHERE (SELECT COUNT(*) FROM ticks WHERE deployment_id = ?1) < ?9
          OR EXISTS (SELECT 1 FROM ticks WHERE deployment_id = ?1 AND checklist = ?2 AND item = ?3)
       ON CONFLICT (deployment_id, checklist, item) DO UPDATE SET label = excluded.label, ticked = excluded.ticked,
         actor = excluded.actor, at = excluded.at, check_id = excluded.check_id
       WHERE ticks.ticked <> excluded.ticked`,
    )
    .bind(
      id,
      input.checklist,
      input.item,
      input.label,
      input.ticked ? 1 : 0,
      actor,
      now,
      input.checkId ?? null,
      CAPS.ticks,
    )
    .run();
  const row = await db
    .prepare(`${TICKS} AND checklist = ?2 AND item = ?3`)
    .bind(id, input.checklist, input.item)
    .first<TickRow>();
  return row ? tickOf(row) : undefined;
}

/**
 * Adds a note once per idempotency key; `created` false for a repeat. Readers' notes come through the
 * API (`reader`); the runbook's own (an action's outcome) are `runbook`, with keys of a form a reader's
 * key cannot take (`runbook:…`), so a reader can neither pre-empt nor forge one. With `cap` (readers'
 * notes), a new note past the cap is not written: `undefined`. The runbook's own notes pass no cap.
 */
export async function addNote(
  db: D1Database,
  id: number,
  input: { text: string; idempotencyKey: string },
  actor: string,
  now: string,
  authorKind: "reader" | "runbook" = "reader",
  cap = Number.MAX_SAFE_INTEGER,
): Promise<{ created: boolean; note: SharedNote } | undefined> {
  const inserted = await db
    .prepare(
      `INSERT INTO notes (deployment_id, idempotency_key, text, actor, at, author_kind)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE (SELECT COUNT(*) FROM notes WHERE deployment_id = ?1) < ?7
       ON CONFLICT DO NOTHING RETURNING id`,
    )
    .bind(id, input.idempotencyKey, input.text, actor, now, authorKind, cap)
    .first<{ id: number }>();
  const note = await db.prepare(`${NOTES} AND idempotency_key = ?2`).bind(id, input.idempotencyKey).first<SharedNote>();
  return note ? { created: inserted !== null, note } : undefined;
}

export type CheckInput = Omit<AttachedCheck, "by" | "at">;

/**
 * Attaches a check result once per check and time checked (a retried attach is a repeat): `true` when
 * added, `false` for a repeat, `undefined` when the deployment holds the checks cap.
 */
export async function attachCheck(
  db: D1Database,
  id: number,
  input: CheckInput,
  actor: string,
  now: string,
): Promise<boolean | undefined> {
  const inserted = await db
    .prepare(
      `INSERT INTO check_results (deployment_id, check_id, source, status, summary, checked_at, actor, at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE (SELECT COUNT(*) FROM check_results WHERE deployment_id = ?1) < ?9
       ON CONFLICT DO NOTHING RETURNING id`,
    )
    .bind(id, input.checkId, input.source, input.status, input.summary, input.checkedAt, actor, now, CAPS.checks)
    .first<{ id: number }>();
  if (inserted) return true;
  const repeat = await db
    .prepare("SELECT 1 AS found FROM check_results WHERE deployment_id = ?1 AND check_id = ?2 AND checked_at = ?3")
    .bind(id, input.checkId, input.checkedAt)
    .first<{ found: number }>();
  return repeat ? false : undefined;
}

/** Closes an in-progress deployment, with its notification when given; answers whether this call changed it. */
export async function finishDeployment(
  db: D1Database,
  id: number,
  status: string,
  actor: string,
  now: string,
  finished?: NotificationEvent,
): Promise<boolean> {
  const [changed] = await db.batch<{ id: number }>([
    db
      .prepare(
        "UPDATE deployments SET status = ?2, finished_by = ?3, finished_at = ?4 WHERE id = ?1 AND status = 'in_progress' RETURNING id",
      )
      .bind(id, status, actor, now),
    ...(finished ? [eventIfChanged(db, finished)] : []),
  ]);
  return (changed?.results.length ?? 0) > 0;
}

/** The deployment an earlier start with this idempotency key created, if any (a retried start). */
async function findByIdempotencyKey(db: D1Database, key: string): Promise<DeploymentSummary | undefined> {
  const row = await db
    .prepare("SELECT id FROM deployments WHERE idempotency_key = ?1")
    .bind(key)
    .first<{ id: number }>();
  return row ? findDeployment(db, row.id) : undefined;
}
