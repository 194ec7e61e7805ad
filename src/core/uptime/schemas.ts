/**
 * @module
 * The answers of `GET /api/uptime` and `GET /api/incidents`: checks between deploys as the Status
 * widget, the CLI and tests read them.
 */
import { z } from "zod";
import { checkStatus } from "../result.ts";
import type { WidgetState } from "../verdict.ts";

export const incident = z.object({
  id: z.number().int(),
  check: z.string(),
  openedAt: z.string(),
  /** Null while the incident is open. */
  resolvedAt: z.string().nullable(),
  /** Failed runs counted while it was open (from the first of the streak that opened it). */
  failures: z.number().int(),
  /** The answer of the latest failed run, in the check's own words. */
  lastError: z.string().nullable(),
});
export type Incident = z.infer<typeof incident>;

export const scheduledRun = z.object({
  at: z.string(),
  status: checkStatus,
  latencyMs: z.number().nullable(),
  httpStatus: z.number().int().nullable(),
  /** The check's summary of what went wrong (failed runs), else null. */
  error: z.string().nullable(),
});
export type ScheduledRun = z.infer<typeof scheduledRun>;

export const checkUptime = z.object({
  check: z.string(),
  title: z.string(),
  /** Share of runs that were up (pass or warn), null where there were none. */
  uptime24h: z.number().nullable(),
  uptime7d: z.number().nullable(),
  runs24h: z.number().int(),
  runs7d: z.number().int(),
  /** p95 latency of the last 24 hours' runs, ms. */
  p95Ms24h: z.number().nullable(),
  lastRun: scheduledRun.nullable(),
  lastFailure: scheduledRun.nullable(),
  openIncident: incident.nullable(),
  /** The latest runs, oldest first: the Status widget's history strip. */
  history: z.array(scheduledRun.pick({ at: true, status: true, latencyMs: true })),
});
export type CheckUptime = z.infer<typeof checkUptime>;

export const uptimeAnswer = z.object({
  environment: z.string(),
  /** Null where the environment has no schedule: nothing runs between deploys. */
  schedule: z
    .object({ everySeconds: z.number(), openAfter: z.number(), resolveAfter: z.number(), retentionDays: z.number() })
    .nullable(),
  checkedAt: z.string(),
  /** Time the figures took to read, ms. */
  durationMs: z.number(),
  checks: z.array(checkUptime),
});
export type UptimeAnswer = z.infer<typeof uptimeAnswer>;

/** `GET /api/uptime/view`: the uptime answer as the Status widget shows it, drawn by the Function. */
export interface UptimeView {
  environment: string;
  checkedAt: string;
  durationMs: number;
  /** The status line: its state, words, and a machine-readable word (`data-outcome`). */
  verdict: { state: WidgetState; text: string; code: string };
  /** The widget's body: markup whose every value is escaped. */
  html: string;
}

export const incidentsAnswer = z.object({ environment: z.string(), incidents: z.array(incident) });
export type IncidentsAnswer = z.infer<typeof incidentsAnswer>;
