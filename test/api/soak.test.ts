/**
 * Concurrent identical reads share one run across requests, and sharing must never make a request
 * fail: a follower reads the leader's plain answer on its own timer, never awaits the leader's promise
 * (workerd cancels such a request as hung). The failure showed only after some uptime and under
 * concurrency, so this soaks a stack of its own with answer reuse off: a few reads, 1,200 check runs,
 * then 5,000 pairs of identical `GET /api/version` and `GET /api/rollback` (500 pairs in flight at a
 * time). Loopback only, every request with a deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";

const PAIRS = 5_000;
const PAIRS_IN_FLIGHT = 500;
const CHECK_RUNS = 1_200;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_REUSE_SECONDS: "0" },
  });
});
afterAll(() => stack?.stop());

/** Status of one GET or POST (0 when no answer came before the deadline). */
async function statusOf(path: string, method = "GET"): Promise<number> {
  try {
    const res = await fetch(`${stack.url}${path}`, { method, signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Runs `total` tasks with `limit` in flight and counts the statuses. */
async function tally(
  total: number,
  limit: number,
  task: (i: number) => Promise<number[]>,
): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < total) {
      for (const status of await task(next++)) counts[status] = (counts[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return counts;
}

describe("soak: identical reads in flight together", () => {
  it(`${PAIRS} concurrent pairs of version and rollback reads after ${CHECK_RUNS} check runs answer 200 only`, {
    timeout: 600_000,
  }, async () => {
    const warm = await tally(4, 4, async (i) => [
      await statusOf(i % 2 ? "/api/rollback?env=demo" : "/api/version?env=demo"),
    ]);
    expect(warm).toEqual({ 200: 4 });
    const runs = await tally(CHECK_RUNS, 50, async (i) => [
      await statusOf(
        `/api/checks/${["frontend", "app-health", "api-plans", "convex-version"][i % 4]}/run?env=demo`,
        "POST",
      ),
    ]);
    expect(runs).toEqual({ 200: CHECK_RUNS });
    const pairs = await tally(PAIRS, PAIRS_IN_FLIGHT, async (i) => {
      const path = i % 2 ? "/api/rollback?env=demo" : "/api/version?env=demo";
      return Promise.all([statusOf(path), statusOf(path)]);
    });
    expect(pairs).toEqual({ 200: 2 * PAIRS });
  });
});
