/**
 * @module
 * Retention for every table that grows with time: each registers how long its rows are kept, and
 * `pruneDue` deletes what is past that, at most once an hour per table across all isolates (claimed in
 * `retention_runs`, migration 0004) and in bounded batches, so a prune fits one invocation's limits.
 * Writes call it (the audit log's, the history's); the companion Worker's schedule can call it too.
 *
 * Another table joins with one call beside its store, e.g. for scheduled runs:
 * `keepRows({ table: "scheduled_runs", column: "at", days: 30 })`.
 */
import { ApiFailure } from "../errors.ts";
import type { D1Database } from "./d1.ts";

export interface RetentionRule {
  /** The table, and its column holding an ISO time (rows older than the keep are deleted). */
  table: string;
  column: string;
  /** Days kept by default. */
  days: number;
  /** A binding that overrides `days` (whole days, 1 to 3650), e.g. `RUNBOOK_AUDIT_RETENTION_DAYS`. */
  binding?: string;
}

/** How often one table is pruned. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Rows one prune deletes per table at most; the rest goes at the next prune (an hour later, or sooner on a busy log). */
export const PRUNE_BATCH = 5_000;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const rules = new Map<string, RetentionRule>();
/** The Function's bindings, for the rules' overrides (set once per isolate, like the scrubber's secrets). */
let isolateBindings: Record<string, unknown> = {};
const lastTried = new Map<string, number>();

/** Registers (or replaces) the retention of a table. */
export function keepRows(rule: RetentionRule): void {
  if (!IDENTIFIER.test(rule.table) || !IDENTIFIER.test(rule.column))
    throw new Error(`retention: "${rule.table}.${rule.column}" is not a plain table and column name`);
  rules.set(rule.table, rule);
}

/** Sets the bindings whose retention overrides apply in this isolate (at Function start). */
export function useRetentionBindings(bindings: Record<string, unknown>): void {
  isolateBindings = bindings;
}

/** Every registered rule, for the docs test and the Limits page. */
export function retentionRules(): RetentionRule[] {
  return [...rules.values()];
}

keepRows({ table: "audit", column: "at", days: 90, binding: "RUNBOOK_AUDIT_RETENTION_DAYS" });
keepRows({ table: "check_results", column: "at", days: 365, binding: "RUNBOOK_CHECK_RESULTS_RETENTION_DAYS" });
keepRows({ table: "monitor_samples", column: "at", days: 90, binding: "RUNBOOK_MONITOR_RETENTION_DAYS" });
// A page's Verify all is judged within seconds of its press, or never (its tab closed first).
keepRows({ table: "verify_press_parts", column: "at", days: 2 });
// Deliveries change at each try (a day apart at most), so a row past its keep is long finished; the events
// they leave behind are pruned by the notifications job (src/server/notify/retention.ts), never a waiting one.
keepRows({
  table: "notification_deliveries",
  column: "updated_at",
  days: 30,
  binding: "RUNBOOK_NOTIFICATIONS_RETENTION_DAYS",
});

/** The days a rule keeps under these bindings; a bad value is a 500 `config_invalid` naming the binding. */
export function keptDays(rule: RetentionRule, bindings: Record<string, unknown>): number {
  const raw = rule.binding ? bindings[rule.binding] : undefined;
  if (raw === undefined || raw === "") return rule.days;
  const days = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(days) || days < 1 || days > 3650)
    throw new ApiFailure(
      500,
      "config_invalid",
      `${rule.binding}: expected whole days from 1 to 3650, got "${String(raw).slice(0, 32)}"`,
    );
  return days;
}

/**
 * Prunes each table whose hour has come: claims it in `retention_runs` (another isolate that claimed it
 * first wins), then deletes up to `PRUNE_BATCH` of its oldest rows past the keep. A table that does not
 * exist (its migration not applied) is skipped. Answers the rows deleted per table.
 */
export async function pruneDue(
  db: D1Database,
  bindings: Record<string, unknown>,
  now = Date.now(),
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const all = { ...isolateBindings, ...bindings };
  for (const rule of rules.values()) {
    if (now - (lastTried.get(rule.table) ?? Number.NEGATIVE_INFINITY) < PRUNE_EVERY_MS) continue;
    lastTried.set(rule.table, now);
    const days = keptDays(rule, all);
    const claimed = await db
      .prepare(
        `INSERT INTO retention_runs (name, pruned_at) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET pruned_at = excluded.pruned_at WHERE retention_runs.pruned_at <= ?3
         RETURNING name`,
      )
      .bind(rule.table, new Date(now).toISOString(), new Date(now - PRUNE_EVERY_MS).toISOString())
      .first<{ name: string }>();
    if (!claimed) continue;
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    try {
      const result = await db
        .prepare(
          `DELETE FROM ${rule.table} WHERE rowid IN (SELECT rowid FROM ${rule.table} WHERE ${rule.column} < ?1 ORDER BY ${rule.column} LIMIT ?2)`,
        )
        .bind(cutoff, PRUNE_BATCH)
        .run();
      deleted[rule.table] = result.meta.changes ?? 0;
      // A full batch means more is due: let the next write (of any isolate) go on with it.
      if (deleted[rule.table] === PRUNE_BATCH) {
        lastTried.delete(rule.table);
        await db.prepare("UPDATE retention_runs SET pruned_at = ?2 WHERE name = ?1").bind(rule.table, "").run();
      }
    } catch (error) {
      if (!/no such table/i.test((error as Error).message)) throw error;
    }
  }
  return deleted;
}
