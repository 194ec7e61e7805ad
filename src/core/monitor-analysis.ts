/**
 * @module
 * The verdict of a post-deploy watch, the way Argo Rollouts judges an AnalysisRun: each sample is one
 * measurement against the success condition (the Success Criteria); `failureLimit` breaching samples in
 * a row make the verdict "roll back recommended", which stays. Short of that, a breach that clears is
 * "recovered". Plain data, shared by the watch Worker, the Function and the `<Monitor>` widget.
 */
import type { MonitorSample } from "./monitor.ts";

export type WatchVerdict = "rollback-recommended" | "breached" | "recovered" | "healthy";

export interface WatchAnalysis {
  verdict: WatchVerdict;
  /** Breaching samples in a row at the end of the series. */
  breachingNow: number;
  /** The slot at which the streak reached the failure limit (rollback-recommended only). */
  recommendedAt: number | null;
}

/** Judges the samples (any order) against the failure limit; a missing slot ends a streak. */
export function analyseWatch(samples: readonly MonitorSample[], failureLimit: number): WatchAnalysis {
  const ordered = [...samples].sort((a, b) => a.slot - b.slot);
  let streak = 0;
  let previous: number | undefined;
  let recommendedAt: number | null = null;
  let breachedEver = false;
  for (const sample of ordered) {
    const breached = sample.breached.length > 0;
    breachedEver ||= breached;
    streak = breached ? (previous !== undefined && sample.slot === previous + 1 ? streak : 0) + 1 : 0;
    if (streak >= failureLimit && recommendedAt === null) recommendedAt = sample.slot;
    previous = sample.slot;
  }
  const verdict: WatchVerdict =
    recommendedAt !== null ? "rollback-recommended" : streak > 0 ? "breached" : breachedEver ? "recovered" : "healthy";
  return { verdict, breachingNow: streak, recommendedAt };
}

/** The recorded reason of a "roll back recommended" verdict, quoted by the Rollback page's form. */
export function recommendationReason(
  environment: string,
  watchId: number,
  failureLimit: number,
  sample: Pick<MonitorSample, "at" | "breached" | "p95Ms" | "errorRate">,
): string {
  const figures = `p95 ${sample.p95Ms} ms, error rate ${Math.round(sample.errorRate * 1000) / 10}%`;
  return `Post-deploy watch ${watchId} of ${environment}: ${failureLimit} samples in a row breached the Success Criteria (${sample.breached.join(", ")}; ${figures} at ${sample.at.slice(11, 19)} UTC)`;
}
