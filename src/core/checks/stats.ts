import type { SampleStats } from "../result.ts";

/** Nearest-rank percentile of a list of numbers (0 for an empty list). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

/**
 * Error rate over all `count` requests, latency percentiles over the ones that got an answer: a
 * refused connection fails fast, and counting its few milliseconds would flatter the p95.
 */
export function sampleStats(
  answeredLatencies: readonly number[],
  errors: number,
  count: number = answeredLatencies.length,
): SampleStats {
  return {
    count,
    errors,
    errorRate: count === 0 ? 0 : errors / count,
    p50Ms: Math.round(percentile(answeredLatencies, 50)),
    p95Ms: Math.round(percentile(answeredLatencies, 95)),
    maxMs: Math.round(answeredLatencies.length === 0 ? 0 : Math.max(...answeredLatencies)),
  };
}

/** Runs `tasks` with at most `limit` in flight, resolving in input order. */
export async function pool<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
