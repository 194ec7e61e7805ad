/**
 * @module
 * The audit log in D1: one row per run, pruned past the retention window, listed with filters.
 * Rows hold who, what, where, when, outcome and duration only: never a body, a header or a token.
 */
import type { AuditEntry, AuditKind } from "../../core/history/schemas.ts";
import type { D1Database, D1PreparedStatement } from "./d1.ts";
import { pruneDue } from "./retention.ts";

export interface AuditRecord {
  at: string;
  actor: string;
  environment: string | null;
  kind: AuditKind;
  target: string | null;
  outcome: string;
  httpStatus: number;
  durationMs: number;
  /** An action's from, to, reason and result in one line (null for runs). */
  detail?: string | null;
}

/** Default days an audit row is kept (`RUNBOOK_AUDIT_RETENTION_DAYS` changes it; see `retention.ts`). */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * Writes one audit row (and `alongside`, a notification event of the run, in the same batch), then
 * prunes the tables under retention when their hour has come (`retention.ts`), the audit log after `retentionDays`.
 */
export async function writeAudit(
  db: D1Database,
  record: AuditRecord,
  retentionDays: number,
  now = Date.now(),
  alongside: D1PreparedStatement[] = [],
): Promise<void> {
  const insert = db
    .prepare(
      "INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(
      record.at,
      record.actor,
      record.environment,
      record.kind,
      record.target,
      record.outcome,
      record.httpStatus,
      Math.round(record.durationMs),
      record.detail ?? null,
    );
  if (alongside.length === 0) await insert.run();
  else await db.batch([insert, ...alongside]);
  await pruneDue(db, { RUNBOOK_AUDIT_RETENTION_DAYS: String(retentionDays) }, now);
}

/**
 * Counts one request refused by a rate limit: the person's row for this minute (created by the first
 * refusal, `count` raised by each after it), so a flood of 429s writes one row a minute, not one each.
 * `limit` says which limit refused (`runs` or `writes`); the row keeps the first refused request's environment.
 */
export async function countRefusal(
  db: D1Database,
  refusal: { at: string; actor: string; environment: string | null; limit: "runs" | "writes" },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms, count, minute)
       VALUES (?1, ?2, ?3, 'rate-limited', ?4, 'refused', 429, 0, 1, substr(?1, 1, 16))
       ON CONFLICT (actor, minute) WHERE minute IS NOT NULL DO UPDATE SET count = audit.count + 1`,
    )
    .bind(refusal.at, refusal.actor, refusal.environment, refusal.limit)
    .run();
}

export interface AuditFilter {
  environment?: string | undefined;
  /** Part of the actor, any case: "ana" finds ana@dashtray.example. */
  actor?: string | undefined;
  kind?: AuditKind | undefined;
  /** Kinds to leave out (the reads, unless the reader asks for them). */
  withoutKinds?: readonly AuditKind[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
  before?: number | undefined;
  limit: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  environment: string | null;
  kind: AuditKind;
  target: string | null;
  outcome: string;
  http_status: number;
  duration_ms: number;
  detail: string | null;
  count: number;
  minute: string | null;
}

/** Audit rows matching every given filter, newest first (by `at`); `next` (a row's id) continues the list. */
export async function listAudit(
  db: D1Database,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    values.push(value);
    where.push(clause.replace("?", `?${values.length}`));
  };
  if (filter.environment !== undefined) add("environment = ?", filter.environment);
  if (filter.actor !== undefined) add("instr(lower(actor), lower(?)) > 0", filter.actor);
  if (filter.kind !== undefined) add("kind = ?", filter.kind);
  else if (filter.withoutKinds?.length)
    add("kind NOT IN (SELECT value FROM json_each(?))", JSON.stringify(filter.withoutKinds));
  if (filter.since !== undefined) add("at >= ?", filter.since);
  if (filter.until !== undefined) add("at < ?", filter.until);
  if (filter.before !== undefined) {
    // The rows after the cursor's in time order (ties by id). A cursor row pruned meanwhile was among
    // the oldest; going on by id from it then is the best left to do.
    const cursor = await db.prepare("SELECT at FROM audit WHERE id = ?1").bind(filter.before).first<{ at: string }>();
    if (cursor) {
      values.push(cursor.at, filter.before);
      where.push(`(at, id) < (?${values.length - 1}, ?${values.length})`);
    } else add("id < ?", filter.before);
  }
  values.push(filter.limit + 1);
  // Newest first by when the run started (`at`), not by when its row was written: a long rollback's
  // row lands after shorter runs that started later, and still lists before them.
  const sql = `SELECT ${AUDIT_COLUMNS} FROM audit
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?${values.length}`;
  const { results } = await db
    .prepare(sql)
    .bind(...values)
    .all<AuditRow>();
  const more = results.length > filter.limit;
  const entries = results.slice(0, filter.limit).map(auditEntryOf);
  return { entries, next: more ? (entries.at(-1)?.id ?? null) : null };
}

const AUDIT_COLUMNS =
  "id, at, actor, environment, kind, target, outcome, http_status, duration_ms, detail, count, minute";

function auditEntryOf(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    environment: r.environment,
    kind: r.kind,
    target: r.target,
    outcome: r.outcome,
    httpStatus: r.http_status,
    durationMs: r.duration_ms,
    ...(r.detail !== null && r.detail !== undefined && { detail: r.detail }),
    ...(r.minute !== null && r.minute !== undefined && { count: r.count }),
  };
}
