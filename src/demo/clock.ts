/**
 * @module
 * The demo's history is written with fixed dates (late November 2026) and moves forward by whole days,
 * so its newest production deployment was made between 1 and 25 hours before the demo started: a reader
 * practising a bad deploy sees "3 h ago", not "10 days ago". Whole days keep every time of day; the
 * seeded deployment log (scripts/seed/demo-history.sql) moves by the same formula.
 */

/** When the newest production deployment was made, as the history records it. */
export const DEMO_NEWEST_RECORDED = "2026-11-26T09:01:12Z";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whole days the recorded history moves forward for a demo started at `now`. */
export function demoShiftDays(now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(DEMO_NEWEST_RECORDED) - HOUR_MS) / DAY_MS));
}

/** Days this process's demo history moved, fixed when the demo starts. */
export const DEMO_SHIFT_DAYS = demoShiftDays(Date.now());

/** A recorded time as the demo reports it: moved by `DEMO_SHIFT_DAYS`, in the same ISO form. */
export function demoTime(recorded: string): string {
  const moved = new Date(Date.parse(recorded) + DEMO_SHIFT_DAYS * DAY_MS).toISOString();
  return recorded.includes(".") ? moved : moved.replace(".000Z", "Z");
}
