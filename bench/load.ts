/**
 * @module
 * Many presses of Verify at once against a running stack: `total` POSTs to check runs, `concurrency`
 * in flight, spread over the given checks. Loopback only, bounded in count and in time (every request
 * has a deadline). Used by `test/api/load.test.ts` (assertions) and `npm run bench` (figures).
 */
import { percentile } from "../src/core/checks/stats.ts";

export interface LoadOptions {
  /** The site, e.g. `http://127.0.0.1:8788`; must be on loopback. */
  siteUrl: string;
  /** Check ids pressed in turn (press i runs `checks[i % checks.length]`). */
  checks: readonly string[];
  total: number;
  concurrency: number;
  /** Deadline of each request. @default 20000 */
  requestTimeoutMs?: number;
}

export interface Press {
  check: string;
  status: number;
  /** `error.code` of a JSON error answer. */
  code?: string;
  retryAfter?: string | null;
  cached?: boolean;
  ms: number;
}

export interface LoadRun {
  presses: Press[];
  elapsedMs: number;
  /** Answered presses per second over the whole run. */
  throughput: number;
  p50Ms: number;
  p95Ms: number;
  /** Press counts by HTTP status (0: no answer before the deadline). */
  statuses: Record<number, number>;
}

export async function pressLoad(options: LoadOptions): Promise<LoadRun> {
  const host = new URL(options.siteUrl).hostname;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "[::1]")
    throw new Error(`load runs only against loopback, not ${host}`);
  const timeoutMs = options.requestTimeoutMs ?? 20_000;
  const presses: Press[] = [];
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < options.total) {
      const i = next++;
      const check = options.checks[i % options.checks.length] as string;
      const t = performance.now();
      try {
        const res = await fetch(`${options.siteUrl}/api/checks/${check}/run?env=demo`, {
          method: "POST",
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = (await res.json().catch(() => ({}))) as { cached?: boolean; error?: { code?: string } };
        presses.push({
          check,
          status: res.status,
          ...(body.error?.code !== undefined && { code: body.error.code }),
          ...(res.status === 429 && { retryAfter: res.headers.get("retry-after") }),
          ...(body.cached !== undefined && { cached: body.cached }),
          ms: performance.now() - t,
        });
      } catch {
        presses.push({ check, status: 0, ms: performance.now() - t });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, worker));
  const elapsedMs = performance.now() - started;
  const statuses: Record<number, number> = {};
  for (const p of presses) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
  const answered = presses.filter((p) => p.status !== 0).map((p) => p.ms);
  return {
    presses,
    elapsedMs,
    throughput: (answered.length / elapsedMs) * 1000,
    p50Ms: percentile(answered, 50),
    p95Ms: percentile(answered, 95),
    statuses,
  };
}

/** The demo route each check of the demo environment probes, as the demo counts it. */
export const DEMO_ROUTE_OF_CHECK: Readonly<Record<string, string>> = {
  frontend: "GET /",
  "app-health": "GET /api/health",
  "api-plans": "GET /api/plans",
  "convex-version": "GET /convex/version",
};
