/**
 * @module
 * What every reporter renders: one run of `verify`, the smoke suite with its verdict against the
 * Success Criteria, or a single check.
 */
import type { CheckResult, VerifySummary } from "../../core/result.ts";

export type VerifyReport =
  | { kind: "smoke"; environment: string; results: CheckResult[]; summary: VerifySummary }
  | { kind: "check"; environment: string; result: CheckResult };

/** The checks of a run, in the order they are reported. */
export function reportResults(report: VerifyReport): CheckResult[] {
  return report.kind === "smoke" ? report.results : [report.result];
}

/** Whether the run meets its bar: the Success Criteria hold, or the one check passed or warned. */
export function reportPassed(report: VerifyReport): boolean {
  if (report.kind === "smoke") return report.summary.status !== "fail";
  return report.result.status === "pass" || report.result.status === "warn";
}

/** The assertions that did not pass, as `label: expected X, actual Y`, for failure messages. */
export function problems(result: CheckResult): string[] {
  const lines = result.assertions
    .filter((a) => a.status !== "pass")
    .map((a) => `${a.label}: expected ${a.expected}, actual ${a.actual}`);
  if (result.status === "error")
    lines.unshift(`could not run (${result.error?.code ?? "error"}): ${result.error?.message ?? result.summary}`);
  return lines;
}

/** The sampling of a check in a few words: `5 samples, 0 errors (0%), p95 9 ms`; empty for one request. */
export function samplingText(result: CheckResult): string {
  const s = result.samples;
  if (!s || s.count <= 1) return "";
  return `${s.count} samples, ${s.errors} error${s.errors === 1 ? "" : "s"} (${percent(s.errorRate)}), p95 ${s.p95Ms} ms`;
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
