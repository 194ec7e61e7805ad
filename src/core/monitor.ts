/**
 * @module
 * The monitor's plain data, shared by the Function and the `<Monitor>` widget: a watch (one environment,
 * an interval, a window) and its samples (one per interval slot), and the verdict over them. No zod here:
 * the widget ships this file and has a 6 KB budget.
 */
import type { CheckStatus } from "./result.ts";

/** One watch of one environment. Everyone watching the environment while it runs shares it. */
export interface MonitorWatch {
  id: number;
  environment: string;
  startedAt: string;
  intervalMs: number;
  windowMs: number;
  startedBy: string;
  /** The deployment in progress when the watch started (D1 only), else null. */
  deploymentId: number | null;
  /** The Success Criteria thresholds the samples were judged against. */
  criteria: { p95Ms: number; maxErrorRate: number };
  /** The watch Worker's recorded verdict (D1 only): set once, when failureLimit samples in a row breached. */
  verdict?: { state: "rollback-recommended"; at: string; reason: string } | null;
  /** What the automatic rollback did on that verdict, in one sentence (where autoRollback is on). */
  autoRollback?: string | null;
}

/** An interval the watch's clock reached but could not sample, and why. */
export interface MonitorGap {
  slot: number;
  reason: string;
}

/** One check within a sample: the strip of pass/warn/fail squares per check. */
export interface MonitorCheck {
  id: string;
  status: CheckStatus;
  p95Ms: number;
  errors: number;
}

/** One interval's sampling of the smoke checks. */
export interface MonitorSample {
  slot: number;
  /** When the sampling started (ISO). */
  at: string;
  status: "pass" | "warn" | "fail";
  p95Ms: number;
  errorRate: number;
  requests: number;
  /** Success criteria this sample breached: `smoke`, `errorRate`, `p95`. */
  breached: string[];
  checks: MonitorCheck[];
}

export interface MonitorSeries {
  environment: string;
  watch: MonitorWatch | null;
  samples: MonitorSample[];
  gaps?: MonitorGap[];
}

/** A watch as the `<Monitor>` widget shows it, drawn by the Function (`POST /api/monitor/view`). */
export interface MonitorView {
  environment: string;
  watch: number;
  /** The widget's body: markup whose every value is escaped. */
  html: string;
  /** The widget's status line. */
  status: { state: "pass" | "fail"; text: string };
  /** `watching`, `breach` while it runs; `pass` or `fail` once the window is over. */
  outcome: "watching" | "breach" | "pass" | "fail";
  recommendation: "rollback" | "recovered" | "none";
  /** A sample breached: the tab's title and icon say so. */
  breached: boolean;
  samples: number;
  /** The verdict with times in UTC, so the deployment record can quote it. */
  verdictUtc: { state: "pass" | "fail"; text: string } | null;
}

/** How many interval slots a watch has (the first at its start). */
export function slotCount(watch: Pick<MonitorWatch, "intervalMs" | "windowMs">): number {
  return Math.max(1, Math.floor(watch.windowMs / watch.intervalMs));
}

/** The slot `now` falls in, or `slotCount` once the window is over. */
export function currentSlot(watch: MonitorWatch, now: number): number {
  const elapsed = Math.max(0, now - Date.parse(watch.startedAt));
  return Math.min(slotCount(watch), Math.floor(elapsed / watch.intervalMs));
}

export function watchEnds(watch: MonitorWatch): number {
  return Date.parse(watch.startedAt) + watch.windowMs;
}

const CRITERION: Record<string, string> = {
  p95: "response time (p95)",
  errorRate: "error rate",
  smoke: "smoke checks",
};

/** "30 minutes", "45 seconds": a window or interval in words. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 60 !== 0 || s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = s / 60;
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** The first sample that breached the Success Criteria, if any. */
export function firstBreach(samples: readonly MonitorSample[]): MonitorSample | undefined {
  return [...samples].sort((a, b) => a.slot - b.slot).find((s) => s.breached.length > 0);
}

/** The check to name for a breach: a failing one first, else the slowest. */
export function breachingCheck(sample: MonitorSample): MonitorCheck | undefined {
  const bad = sample.checks.find((c) => c.status === "fail" || c.status === "error" || c.errors > 0);
  return bad ?? [...sample.checks].sort((a, b) => b.p95Ms - a.p95Ms)[0];
}

/** One sentence about a breach: which criterion, at what figure, and which check. */
export function breachText(sample: MonitorSample, watch: MonitorWatch, time: (iso: string) => string): string {
  const what = sample.breached.map((id) => CRITERION[id] ?? id).join(" and ");
  const check = breachingCheck(sample);
  const figure = sample.breached.includes("p95")
    ? `p95 ${sample.p95Ms} ms, limit ${watch.criteria.p95Ms} ms`
    : `error rate ${Math.round(sample.errorRate * 1000) / 10}%, limit ${Math.round(watch.criteria.maxErrorRate * 1000) / 10}%`;
  return `First breach at ${time(sample.at)} (sample ${sample.slot + 1}): ${what} (${figure})${check ? `, check ${check.id}` : ""}.`;
}

/** The verdict once the window is over, or undefined while it runs and nothing breached. */
export function verdict(
  watch: MonitorWatch,
  samples: readonly MonitorSample[],
  now: number,
  time: (iso: string) => string,
): { state: "pass" | "fail"; text: string } | undefined {
  const breach = firstBreach(samples);
  if (breach) return { state: "fail", text: breachText(breach, watch, time) };
  if (now < watchEnds(watch)) return undefined;
  if (samples.length === 0) return { state: "fail", text: `No samples were taken in the ${duration(watch.windowMs)}.` };
  return {
    state: "pass",
    text: `${duration(watch.windowMs)} within the success criteria (${samples.length} of ${slotCount(watch)} samples taken).`.replace(
      /^./,
      (c) => c.toUpperCase(),
    ),
  };
}
