/**
 * @module
 * Watches and their samples in D1 (migration 0003): shared by every isolate of the Function, the watch
 * Worker and every colleague, and kept with the deployment. The unique key of a sample is its claim.
 */
import { type MonitorGap, type MonitorSample, type MonitorWatch, slotCount } from "../../core/monitor.ts";
import {
  type MonitorNotice,
  monitorEvents,
  rollbackRecommended,
  watchStopped,
} from "../../core/notify/monitor-events.ts";
import type { D1Database } from "../history/d1.ts";
import { eventIfChanged, eventStatements } from "../notify/events.ts";
import { endedWindow, type MonitorStore, STALE_CLAIM_MS } from "./store.ts";

interface WatchRow {
  id: number;
  environment: string;
  started_at: string;
  interval_ms: number;
  window_ms: number;
  p95_ms: number;
  max_error_rate: number;
  started_by: string;
  deployment_id: number | null;
  verdict: "rollback-recommended" | null;
  verdict_at: string | null;
  verdict_reason: string | null;
  auto_rollback: string | null;
}

interface SampleRow {
  slot: number;
  at: string;
  state: "pending" | "done";
  status: MonitorSample["status"] | null;
  p95_ms: number | null;
  error_rate: number | null;
  requests: number | null;
  breached: string | null;
  checks: string | null;
}

const WATCH_COLUMNS =
  "id, environment, started_at, interval_ms, window_ms, p95_ms, max_error_rate, started_by, deployment_id, verdict, verdict_at, verdict_reason, auto_rollback";

function watchOf(row: WatchRow): MonitorWatch {
  return {
    id: row.id,
    environment: row.environment,
    startedAt: row.started_at,
    intervalMs: row.interval_ms,
    windowMs: row.window_ms,
    startedBy: row.started_by,
    deploymentId: row.deployment_id,
    criteria: { p95Ms: row.p95_ms, maxErrorRate: row.max_error_rate },
    verdict:
      row.verdict && row.verdict_at
        ? { state: row.verdict, at: row.verdict_at, reason: row.verdict_reason ?? "" }
        : null,
    autoRollback: row.auto_rollback,
  };
}

function parseList<T>(raw: string | null): T[] {
  try {
    const value: unknown = JSON.parse(raw ?? "[]");
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function sampleOf(row: SampleRow): MonitorSample {
  return {
    slot: row.slot,
    at: row.at,
    status: row.status ?? "fail",
    p95Ms: row.p95_ms ?? 0,
    errorRate: row.error_rate ?? 0,
    requests: row.requests ?? 0,
    breached: parseList<string>(row.breached),
    checks: parseList(row.checks),
  };
}

const SAMPLE_COLUMNS = "slot, at, state, status, p95_ms, error_rate, requests, breached, checks";

/** Watches and samples in D1 (migration 0003). */
/** `notice`: where the monitor's notifications (breach, verdict) are written with the samples. */
export function d1MonitorStore(db: D1Database, notice?: MonitorNotice): MonitorStore {
  const byId = (id: number) =>
    db.prepare(`SELECT ${WATCH_COLUMNS} FROM monitor_watches WHERE id = ?1`).bind(id).first<WatchRow>();
  return {
    kind: "d1",
    async start(input) {
      const now = new Date(input.now).toISOString();
      // A running watch whose window is over stops running, so the unique index lets a new one in.
      await db
        .prepare("UPDATE monitor_watches SET running = 0 WHERE environment = ?1 AND running = 1 AND ends_at <= ?2")
        .bind(input.environment, now)
        .run();
      const inserted = await db
        .prepare(
          `INSERT INTO monitor_watches (environment, started_at, ends_at, interval_ms, window_ms, p95_ms, max_error_rate, started_by, deployment_id)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
             (SELECT id FROM deployments WHERE environment = ?1 AND status = 'in_progress'))
           ON CONFLICT DO NOTHING RETURNING id`,
        )
        .bind(
          input.environment,
          now,
          new Date(input.now + input.windowMs).toISOString(),
          input.intervalMs,
          input.windowMs,
          input.criteria.p95Ms,
          input.criteria.maxErrorRate,
          input.startedBy,
        )
        .first<{ id: number }>();
      const row = inserted
        ? await byId(inserted.id)
        : await db
            .prepare(`SELECT ${WATCH_COLUMNS} FROM monitor_watches WHERE environment = ?1 AND running = 1`)
            .bind(input.environment)
            .first<WatchRow>();
      if (!row) throw new Error("monitor watch insert was ignored but no running watch exists");
      return { watch: watchOf(row), created: inserted !== null };
    },
    async find(environment, id) {
      const row =
        id === undefined
          ? await db
              .prepare(`SELECT ${WATCH_COLUMNS} FROM monitor_watches WHERE environment = ?1 ORDER BY id DESC LIMIT 1`)
              .bind(environment)
              .first<WatchRow>()
          : await db
              .prepare(`SELECT ${WATCH_COLUMNS} FROM monitor_watches WHERE id = ?1 AND environment = ?2`)
              .bind(id, environment)
              .first<WatchRow>();
      return row ? watchOf(row) : undefined;
    },
    async samples(watch, since) {
      const { results } = await db
        .prepare(
          `SELECT ${SAMPLE_COLUMNS} FROM monitor_samples WHERE environment = ?1 AND watch_id = ?2 AND state = 'done' AND at >= ?3 ORDER BY slot`,
        )
        .bind(watch.environment, watch.id, since ?? "")
        .all<SampleRow>();
      return results.map(sampleOf);
    },
    async slot(watch, slot) {
      const row = await db
        .prepare(`SELECT ${SAMPLE_COLUMNS} FROM monitor_samples WHERE environment = ?1 AND watch_id = ?2 AND slot = ?3`)
        .bind(watch.environment, watch.id, slot)
        .first<SampleRow>();
      if (!row) return undefined;
      return row.state === "done" ? { sample: sampleOf(row) } : "pending";
    },
    async claim(watch, slot, at, now) {
      // An abandoned claim (its isolate went away mid-sampling) is given up first.
      await db
        .prepare(
          "DELETE FROM monitor_samples WHERE environment = ?1 AND watch_id = ?2 AND slot = ?3 AND state = 'pending' AND claimed_at < ?4",
        )
        .bind(watch.environment, watch.id, slot, new Date(now - STALE_CLAIM_MS).toISOString())
        .run();
      const won = await db
        .prepare(
          `INSERT INTO monitor_samples (environment, watch_id, slot, at, claimed_at) VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT DO NOTHING RETURNING slot`,
        )
        .bind(watch.environment, watch.id, slot, at, new Date(now).toISOString())
        .first<{ slot: number }>();
      return won !== null;
    },
    async save(watch, sample) {
      const told = notice ? monitorEvents(notice, watch, sample, ...(await history(db, watch, sample.slot))) : [];
      const update = db
        .prepare(
          `UPDATE monitor_samples SET state = 'done', at = ?4, status = ?5, p95_ms = ?6, error_rate = ?7, requests = ?8, breached = ?9, checks = ?10
           WHERE environment = ?1 AND watch_id = ?2 AND slot = ?3`,
        )
        .bind(
          watch.environment,
          watch.id,
          sample.slot,
          sample.at,
          sample.status,
          sample.p95Ms,
          sample.errorRate,
          sample.requests,
          JSON.stringify(sample.breached),
          JSON.stringify(sample.checks),
        );
      // The breach and the verdict are written with the sample that brings them.
      await db.batch([update, ...told.flatMap((event) => eventStatements(db, event))]);
    },
    async end(watch, now, by) {
      const at = new Date(now).toISOString();
      const ending = db
        .prepare("UPDATE monitor_watches SET running = 0, window_ms = ?2, ends_at = ?3 WHERE id = ?1")
        .bind(watch.id, endedWindow(watch, now), at);
      if (!notice || by === undefined) {
        await ending.run();
        return [];
      }
      const [breached] = await history(db, watch, slotCount(watch));
      const told = watchStopped(notice, watch, { by, at, breached });
      // One verdict per watch: a window that already ended told its own, and this id is the same.
      await db.batch([ending, ...(told ? eventStatements(db, told) : [])]);
      return told ? [told.id] : [];
    },
    async recommend(watch, at, reason) {
      // The team hears "roll back recommended" exactly when the verdict is set, in the same batch.
      const told = notice && rollbackRecommended(notice, watch, at, reason);
      const [won] = await db.batch<{ id: number }>([
        db
          .prepare(
            "UPDATE monitor_watches SET verdict = 'rollback-recommended', verdict_at = ?2, verdict_reason = ?3 WHERE id = ?1 AND verdict IS NULL RETURNING id",
          )
          .bind(watch.id, at, reason),
        ...(told ? [eventIfChanged(db, told)] : []),
      ]);
      return (won?.results.length ?? 0) > 0;
    },
    async recordAutoRollback(watch, outcome) {
      await db.prepare("UPDATE monitor_watches SET auto_rollback = ?2 WHERE id = ?1").bind(watch.id, outcome).run();
    },
    async gap(watch, slot, reason) {
      await db
        .prepare(
          "INSERT INTO monitor_gaps (environment, watch_id, slot, reason) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )
        .bind(watch.environment, watch.id, slot, reason.slice(0, 300))
        .run();
    },
    async gaps(watch): Promise<MonitorGap[]> {
      const { results } = await db
        .prepare("SELECT slot, reason FROM monitor_gaps WHERE environment = ?1 AND watch_id = ?2 ORDER BY slot")
        .bind(watch.environment, watch.id)
        .all<MonitorGap>();
      return results;
    },
    async release(watch, slot) {
      await db
        .prepare(
          "DELETE FROM monitor_samples WHERE environment = ?1 AND watch_id = ?2 AND slot = ?3 AND state = 'pending'",
        )
        .bind(watch.environment, watch.id, slot)
        .run();
    },
  };
}

/** Watches a deployment's record lists (D1 only): each with its samples, oldest first. */
export async function deploymentMonitors(
  db: D1Database,
  deploymentId: number,
): Promise<{ watch: MonitorWatch; samples: MonitorSample[] }[]> {
  const { results } = await db
    .prepare(`SELECT ${WATCH_COLUMNS} FROM monitor_watches WHERE deployment_id = ?1 ORDER BY id`)
    .bind(deploymentId)
    .all<WatchRow>();
  const store = d1MonitorStore(db);
  return Promise.all(
    results.map(async (row) => {
      const watch = watchOf(row);
      return { watch, samples: await store.samples(watch) };
    }),
  );
}

/** Whether an earlier slot of the watch breached (its breach was then already told), and whether a rollback was recommended. */
async function history(db: D1Database, watch: MonitorWatch, slot: number): Promise<[boolean, boolean]> {
  const row = await db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM monitor_samples WHERE environment = ?1 AND watch_id = ?2 AND slot < ?3 AND state = 'done'
         AND breached IS NOT NULL AND breached <> '[]') AS breached,
       (SELECT verdict IS NOT NULL FROM monitor_watches WHERE id = ?2) AS recommended`,
    )
    .bind(watch.environment, watch.id, slot)
    .first<{ breached: number; recommended: number | null }>();
  return [row?.breached === 1, row?.recommended === 1];
}
