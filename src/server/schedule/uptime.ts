/**
 * @module
 * The figures `GET /api/uptime` answers per scheduled check, read from the stored runs: uptime over
 * 24 hours and 7 days, p95 over 24 hours, the last run, the last failure with its answer, the open
 * incident and the latest runs for the history strip.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { CheckUptime, UptimeAnswer } from "../../core/uptime/schemas.ts";
import { scheduledChecks } from "./run.ts";
import type { ScheduleStore } from "./store.ts";

/** Runs in a check's history strip. */
export const HISTORY_RUNS = 30;

const DAY_MS = 86_400_000;
const share = (t: { runs: number; up: number }) =>
  t.runs === 0 ? null : Math.round((t.up / t.runs) * 10_000) / 10_000;

export async function uptimeOf(
  store: ScheduleStore,
  environment: ResolvedEnvironment,
  now: number,
): Promise<UptimeAnswer> {
  const schedule = environment.schedule;
  const checkedAt = new Date(now).toISOString();
  const started = Date.now();
  if (!schedule) return { environment: environment.id, schedule: null, checkedAt, durationMs: 0, checks: [] };
  const day = new Date(now - DAY_MS).toISOString();
  const week = new Date(now - 7 * DAY_MS).toISOString();
  const checks = await Promise.all(
    scheduledChecks(environment).map(async (check): Promise<CheckUptime> => {
      const [d, w, recent, lastFailure, openIncident] = await Promise.all([
        store.tally(environment.id, check.id, day),
        store.tally(environment.id, check.id, week),
        store.recent(environment.id, check.id, HISTORY_RUNS),
        store.lastFailure(environment.id, check.id),
        store.openIncident(environment.id, check.id),
      ]);
      return {
        check: check.id,
        title: check.title,
        uptime24h: share(d),
        uptime7d: share(w),
        runs24h: d.runs,
        runs7d: w.runs,
        p95Ms24h: await store.p95(environment.id, check.id, day, d.runs),
        lastRun: recent[0] ?? null,
        lastFailure,
        openIncident,
        history: recent.map((r) => ({ at: r.at, status: r.status, latencyMs: r.latencyMs })).reverse(),
      };
    }),
  );
  const { everySeconds, openAfter, resolveAfter, retentionDays } = schedule;
  return {
    environment: environment.id,
    schedule: { everySeconds, openAfter, resolveAfter, retentionDays },
    checkedAt,
    durationMs: Date.now() - started,
    checks,
  };
}
