/**
 * @module
 * When a scheduled check's incident opens and resolves: after `openAfter` failed runs in a row, and
 * after `resolveAfter` passing runs in a row, so one bad run is not an incident and a flapping check
 * does not open and close one every few minutes. Pure: the watch Worker applies the step it returns.
 */
import type { CheckStatus } from "../result.ts";

/** A run counts as failed when the check failed or could not run; warn (slow, within reason) is up. */
export const isDown = (status: CheckStatus): boolean => status === "fail" || status === "error";

export interface IncidentRules {
  openAfter: number;
  resolveAfter: number;
}

/** What the newest run does to the check's incident. */
export type IncidentStep = "open" | "resolve" | "count-failure" | "none";

/**
 * The step for the newest run, given the check's latest runs (newest first, the newest included) and
 * whether an incident is open.
 */
export function incidentStep(recent: readonly CheckStatus[], open: boolean, rules: IncidentRules): IncidentStep {
  const newest = recent[0];
  if (newest === undefined) return "none";
  const streak = (down: boolean, length: number) =>
    recent.length >= length && recent.slice(0, length).every((status) => isDown(status) === down);
  if (open) {
    if (isDown(newest)) return "count-failure";
    return streak(false, rules.resolveAfter) ? "resolve" : "none";
  }
  return isDown(newest) && streak(true, rules.openAfter) ? "open" : "none";
}

/** Failed runs in a row at the head of `recent` (newest first). */
export function failuresInARow(recent: readonly CheckStatus[]): number {
  const up = recent.findIndex((status) => !isDown(status));
  return up === -1 ? recent.length : up;
}
