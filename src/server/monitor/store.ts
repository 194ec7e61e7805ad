/**
 * @module
 * Where watches and their samples live: D1 where `RUNBOOK_DB` is bound (shared by every isolate and
 * every colleague, kept with the deployment), else this isolate's memory (the widget then also keeps
 * the series in the browser). The same few operations either way; a slot's sample is claimed before
 * it is taken, so two isolates never sample the same slot.
 */
import type { MonitorSample, MonitorWatch } from "../../core/monitor.ts";
import type { D1Database } from "../history/d1.ts";

export interface StartWatch {
  environment: string;
  intervalMs: number;
  windowMs: number;
  criteria: MonitorWatch["criteria"];
  startedBy: string;
  now: number;
}

/** A slot as the store has it: taken, being taken by someone (pending), or free. */
export type SlotState = { sample: MonitorSample } | "pending" | undefined;

export interface MonitorStore {
  readonly kind: "d1" | "memory";
  /** The running watch of the environment, or a new one; `created` says which. */
  start(input: StartWatch): Promise<{ watch: MonitorWatch; created: boolean }>;
  /** A watch by id, or (no id) the environment's latest. */
  find(environment: string, id?: number): Promise<MonitorWatch | undefined>;
  /** The watch's finished samples in slot order, those at or after `since` when given. */
  samples(watch: MonitorWatch, since?: string): Promise<MonitorSample[]>;
  slot(watch: MonitorWatch, slot: number): Promise<SlotState>;
  /** Claims a slot for sampling; false when someone already has it. */
  claim(watch: MonitorWatch, slot: number, at: string, now: number): Promise<boolean>;
  save(watch: MonitorWatch, sample: MonitorSample): Promise<void>;
  /** Ends a watch now (its window cut to the time it ran), so a new one can start. */
  end(watch: MonitorWatch, now: number): Promise<void>;
  /** Gives a claimed slot back (its sampling failed), so the next request can take it. */
  release(watch: MonitorWatch, slot: number): Promise<void>;
}

/** The window of a watch ended at `now`: the time it ran (at least 1 ms, so it is over from now on). */
function endedWindow(watch: MonitorWatch, now: number): number {
  return Math.max(1, Math.min(watch.windowMs, now - Date.parse(watch.startedAt)));
}

/** A claim older than this is taken to be abandoned (its isolate went away mid-sampling). */
export const STALE_CLAIM_MS = 60_000;

/** Per-isolate watches, for a Function without D1. Plain data only. */
export function memoryMonitorStore(): MonitorStore {
  const watches: MonitorWatch[] = [];
  const slots = new Map<number, Map<number, { claimedAt: number; sample?: MonitorSample }>>();
  const slotsOf = (watch: MonitorWatch) => {
    const map = slots.get(watch.id) ?? new Map<number, { claimedAt: number; sample?: MonitorSample }>();
    slots.set(watch.id, map);
    return map;
  };
  return {
    kind: "memory",
    async start(input) {
      const running = watches.findLast(
        (w) => w.environment === input.environment && Date.parse(w.startedAt) + w.windowMs > input.now,
      );
      if (running) return { watch: running, created: false };
      const watch: MonitorWatch = {
        id: watches.length + 1,
        environment: input.environment,
        startedAt: new Date(input.now).toISOString(),
        intervalMs: input.intervalMs,
        windowMs: input.windowMs,
        startedBy: input.startedBy,
        deploymentId: null,
        criteria: input.criteria,
      };
      watches.push(watch);
      // Keep the isolate's memory bounded: the last 50 watches.
      if (watches.length > 50) slots.delete((watches[watches.length - 51] as MonitorWatch).id);
      return { watch, created: true };
    },
    async find(environment, id) {
      return id === undefined
        ? watches.findLast((w) => w.environment === environment)
        : watches.find((w) => w.id === id && w.environment === environment);
    },
    async samples(watch, since) {
      const list = [...slotsOf(watch).values()].flatMap((s) => (s.sample ? [s.sample] : []));
      return list.filter((s) => since === undefined || s.at >= since).sort((a, b) => a.slot - b.slot);
    },
    async slot(watch, slot) {
      const entry = slotsOf(watch).get(slot);
      if (!entry) return undefined;
      return entry.sample ? { sample: entry.sample } : "pending";
    },
    async claim(watch, slot, _at, now) {
      const map = slotsOf(watch);
      const entry = map.get(slot);
      if (entry && (entry.sample || now - entry.claimedAt < STALE_CLAIM_MS)) return false;
      map.set(slot, { claimedAt: now });
      return true;
    },
    async save(watch, sample) {
      slotsOf(watch).set(sample.slot, { claimedAt: Date.parse(sample.at), sample });
    },
    async end(watch, now) {
      const found = watches.find((w) => w.id === watch.id);
      if (found) found.windowMs = endedWindow(found, now);
    },
    async release(watch, slot) {
      const map = slotsOf(watch);
      if (!map.get(slot)?.sample) map.delete(slot);
    },
  };
}

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
  "id, environment, started_at, interval_ms, window_ms, p95_ms, max_error_rate, started_by, deployment_id";

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
export function d1MonitorStore(db: D1Database): MonitorStore {
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
      await db
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
        )
        .run();
    },
    async end(watch, now) {
      await db
        .prepare("UPDATE monitor_watches SET running = 0, window_ms = ?2, ends_at = ?3 WHERE id = ?1")
        .bind(watch.id, endedWindow(watch, now), new Date(now).toISOString())
        .run();
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
