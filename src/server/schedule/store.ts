/**
 * @module
 * Checks between deploys in D1 (migration 0005): scheduled runs, claimed per slot before they run, and
 * the incidents they open. Plain SQL, one statement per question.
 */
import type { NotificationEvent } from "../../core/notify/events.ts";
import type { CheckStatus } from "../../core/result.ts";
import type { Incident, ScheduledRun } from "../../core/uptime/schemas.ts";
import type { D1Database } from "../history/d1.ts";
import { eventIfChanged } from "../notify/events.ts";

/** A claim older than this is taken to be abandoned (its invocation went away mid-run). */
export const STALE_RUN_MS = 60_000;

interface RunRow {
  at: string;
  status: CheckStatus;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
}

interface IncidentRow {
  id: number;
  check_id: string;
  opened_at: string;
  resolved_at: string | null;
  failures: number;
  last_error: string | null;
}

const runOf = (row: RunRow): ScheduledRun => ({
  at: row.at,
  status: row.status,
  latencyMs: row.latency_ms,
  httpStatus: row.http_status,
  error: row.error,
});

export const incidentOf = (row: IncidentRow): Incident => ({
  id: row.id,
  check: row.check_id,
  openedAt: row.opened_at,
  resolvedAt: row.resolved_at,
  failures: row.failures,
  lastError: row.last_error,
});

const RUN_COLUMNS = "at, status, latency_ms, http_status, error";
const INCIDENT_COLUMNS = "id, check_id, opened_at, resolved_at, failures, last_error";

export interface RunKey {
  environment: string;
  check: string;
  slot: number;
}

export function scheduleStore(db: D1Database) {
  return {
    /** Claims a slot of a check; false when another invocation has it (or ran it). */
    async claim(key: RunKey, now: number): Promise<boolean> {
      await db
        .prepare(
          "DELETE FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND slot = ?3 AND state = 'pending' AND at < ?4",
        )
        .bind(key.environment, key.check, key.slot, new Date(now - STALE_RUN_MS).toISOString())
        .run();
      const won = await db
        .prepare(
          "INSERT INTO scheduled_runs (environment, check_id, slot, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING slot",
        )
        .bind(key.environment, key.check, key.slot, new Date(now).toISOString())
        .first<{ slot: number }>();
      return won !== null;
    },
    async save(key: RunKey, run: ScheduledRun): Promise<void> {
      await db
        .prepare(
          `UPDATE scheduled_runs SET state = 'done', at = ?4, status = ?5, latency_ms = ?6, http_status = ?7, error = ?8
           WHERE environment = ?1 AND check_id = ?2 AND slot = ?3`,
        )
        .bind(key.environment, key.check, key.slot, run.at, run.status, run.latencyMs, run.httpStatus, run.error)
        .run();
    },
    async release(key: RunKey): Promise<void> {
      await db
        .prepare(
          "DELETE FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND slot = ?3 AND state = 'pending'",
        )
        .bind(key.environment, key.check, key.slot)
        .run();
    },
    /** Slots of this schedule tick already claimed, per check: what the cron job need not hand out. */
    async claimed(environment: string, slot: number): Promise<Set<string>> {
      const { results } = await db
        .prepare("SELECT check_id FROM scheduled_runs WHERE environment = ?1 AND slot = ?2")
        .bind(environment, slot)
        .all<{ check_id: string }>();
      return new Set(results.map((r) => r.check_id));
    },
    /** The check's latest finished runs, newest first. */
    async recent(environment: string, check: string, limit: number): Promise<ScheduledRun[]> {
      const { results } = await db
        .prepare(
          `SELECT ${RUN_COLUMNS} FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND state = 'done' ORDER BY at DESC LIMIT ?3`,
        )
        .bind(environment, check, limit)
        .all<RunRow>();
      return results.map(runOf);
    },
    async lastFailure(environment: string, check: string): Promise<ScheduledRun | null> {
      const row = await db
        .prepare(
          `SELECT ${RUN_COLUMNS} FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND state = 'done' AND status IN ('fail', 'error') ORDER BY at DESC LIMIT 1`,
        )
        .bind(environment, check)
        .first<RunRow>();
      return row ? runOf(row) : null;
    },
    /** Runs and runs that were up since `since`. */
    async tally(environment: string, check: string, since: string): Promise<{ runs: number; up: number }> {
      const row = await db
        .prepare(
          `SELECT COUNT(*) AS runs, COALESCE(SUM(CASE WHEN status IN ('pass', 'warn') THEN 1 ELSE 0 END), 0) AS up
           FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND state = 'done' AND at >= ?3`,
        )
        .bind(environment, check, since)
        .first<{ runs: number; up: number }>();
      return { runs: row?.runs ?? 0, up: row?.up ?? 0 };
    },
    /** The nearest-rank p95 of the latencies since `since`, in one query (no rows leave D1 but the one). */
    async p95(environment: string, check: string, since: string, runs: number): Promise<number | null> {
      const timed = await db
        .prepare(
          "SELECT COUNT(*) AS n FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND state = 'done' AND at >= ?3 AND latency_ms IS NOT NULL",
        )
        .bind(environment, check, since)
        .first<{ n: number }>();
      const n = timed?.n ?? 0;
      if (n === 0 || runs === 0) return null;
      const row = await db
        .prepare(
          `SELECT latency_ms FROM scheduled_runs WHERE environment = ?1 AND check_id = ?2 AND state = 'done' AND at >= ?3 AND latency_ms IS NOT NULL
           ORDER BY latency_ms LIMIT 1 OFFSET ?4`,
        )
        .bind(environment, check, since, Math.ceil(0.95 * n) - 1)
        .first<{ latency_ms: number }>();
      return row?.latency_ms ?? null;
    },
    async openIncident(environment: string, check: string): Promise<Incident | null> {
      const row = await db
        .prepare(
          `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE environment = ?1 AND check_id = ?2 AND resolved_at IS NULL`,
        )
        .bind(environment, check)
        .first<IncidentRow>();
      return row ? incidentOf(row) : null;
    },
    /** Opens the check's incident (once: the unique index keeps a second open one out), with its notification. */
    async open(
      environment: string,
      check: string,
      openedAt: string,
      failures: number,
      lastError: string | null,
      told?: NotificationEvent,
    ) {
      await db.batch([
        db
          .prepare(
            "INSERT INTO incidents (environment, check_id, opened_at, failures, last_error) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
          )
          .bind(environment, check, openedAt, failures, lastError),
        ...(told ? [eventIfChanged(db, told)] : []),
      ]);
    },
    async countFailure(id: number, lastError: string | null): Promise<void> {
      await db
        .prepare("UPDATE incidents SET failures = failures + 1, last_error = ?2 WHERE id = ?1")
        .bind(id, lastError)
        .run();
    },
    async resolve(id: number, resolvedAt: string, told?: NotificationEvent): Promise<void> {
      await db.batch([
        db.prepare("UPDATE incidents SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL").bind(id, resolvedAt),
        ...(told ? [eventIfChanged(db, told)] : []),
      ]);
    },
    /** The environment's incidents, newest first (at most `limit`). */
    async incidents(environment: string, limit: number): Promise<Incident[]> {
      const { results } = await db
        .prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE environment = ?1 ORDER BY id DESC LIMIT ?2`)
        .bind(environment, limit)
        .all<IncidentRow>();
      return results.map(incidentOf);
    },
    /**
     * Retention, a bounded bite per call (each scheduled tick takes one): runs older than the
     * environment's days, resolved incidents older than 90 days.
     */
    async prune(environment: string, runsBefore: string, incidentsBefore: string): Promise<void> {
      await db.batch([
        db
          .prepare(
            "DELETE FROM scheduled_runs WHERE rowid IN (SELECT rowid FROM scheduled_runs WHERE environment = ?1 AND at < ?2 LIMIT 500)",
          )
          .bind(environment, runsBefore),
        db
          .prepare(
            "DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE environment = ?1 AND resolved_at < ?2 LIMIT 100)",
          )
          .bind(environment, incidentsBefore),
      ]);
    },
  };
}

export type ScheduleStore = ReturnType<typeof scheduleStore>;
