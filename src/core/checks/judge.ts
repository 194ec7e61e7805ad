/**
 * @module
 * The verdict of a verify-all run against the runbook's Success Criteria. Plain data in, plain data
 * out, and nothing else imported: the Function judges a whole run with it, and the Verify-all widget
 * judges the checks it ran one invocation each.
 */
import type { RunbookConfig } from "../config/schema.ts";
import type { CheckResult, CriterionResult, VerifySummary } from "../result.ts";
import { sampleStats } from "./stats.ts";

/** What a judge needs of the run's context: the environment's id, and the clock. */
export interface JudgeContext {
  environment: { id: string };
  now?: () => Date;
}

/** Evaluates the runbook's Success Criteria over the results of a run and all its raw samples. */
export function judge(
  ctx: JudgeContext,
  results: readonly CheckResult[],
  /** Latencies of answered requests, errors, and all requests made (default: one per latency). */
  samples: { latencies: readonly number[]; errors: number; count?: number },
  criteria: RunbookConfig["successCriteria"],
  durationMs: number,
): VerifySummary {
  const counts = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of results) counts[r.status] += 1;
  const all = sampleStats(samples.latencies, samples.errors, samples.count ?? samples.latencies.length);
  const answered = samples.latencies.length;
  const passing = counts.pass + counts.warn;
  const criteriaResults: CriterionResult[] = [
    {
      id: "smoke",
      label: "All smoke tests pass",
      status: passing === results.length && results.length > 0 ? "pass" : "fail",
      expected: `${results.length} of ${results.length} pass`,
      actual:
        results.length === 0
          ? "no smoke checks configured"
          : `${passing} of ${results.length} pass${warnNote(counts.warn)}`,
    },
    {
      id: "errorRate",
      label: `Error rate < ${formatPercent(criteria.maxErrorRate)}`,
      status: all.count > 0 && all.errorRate < criteria.maxErrorRate ? "pass" : "fail",
      expected: `< ${formatPercent(criteria.maxErrorRate)}`,
      actual: `${formatPercent(all.errorRate)} (${all.errors} of ${all.count} requests)`,
    },
    {
      id: "p95",
      label: `Response time < ${criteria.p95Ms / 1000}s (p95)`,
      status: answered > 0 && all.p95Ms < criteria.p95Ms ? "pass" : "fail",
      expected: `< ${criteria.p95Ms} ms`,
      actual: answered === 0 ? "no request got an answer" : `${all.p95Ms} ms over ${answered} answered requests`,
    },
  ];
  const failed = criteriaResults.filter((c) => c.status === "fail");
  const status = failed.length > 0 ? "fail" : counts.warn > 0 ? "warn" : "pass";
  const summary =
    status === "fail"
      ? `Success criteria not met. ${failed.map((c) => `${c.label}: ${c.actual}`).join("; ")}.`
      : status === "warn"
        ? `Success criteria met, with ${counts.warn} warning${counts.warn === 1 ? "" : "s"}.`
        : `Success criteria met: ${results.length} smoke checks pass, error rate ${formatPercent(all.errorRate)}, p95 ${all.p95Ms} ms.`;
  return {
    environment: ctx.environment.id,
    status,
    summary,
    criteria: criteriaResults,
    counts,
    samples: all,
    durationMs: Math.round(durationMs),
    checkedAt: (ctx.now?.() ?? new Date()).toISOString(),
  };
}

/** A warning passes the smoke criterion (the service works, something is off); the count says so. */
function warnNote(warnings: number): string {
  return warnings === 0
    ? ""
    : ` (${warnings === 1 ? "1 with a warning" : `${warnings} with warnings`}, counted as passing)`;
}

function formatPercent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
