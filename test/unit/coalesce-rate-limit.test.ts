import { describe, expect, it } from "vitest";
import { rateLimiter } from "../../src/server/lib/rate-limit.ts";
import { coalescer } from "./support/coalescer.ts";

/** A run the test finishes by hand, counting how often it was started. */
function controlled<T>() {
  const started: ((value: T) => void)[] = [];
  const failers: ((error: Error) => void)[] = [];
  return {
    run: () =>
      new Promise<T>((resolve, reject) => {
        started.push(resolve);
        failers.push(reject);
      }),
    get starts() {
      return started.length;
    },
    finish(index: number, value: T) {
      started[index]?.(value);
    },
    fail(index: number, error: Error) {
      failers[index]?.(error);
    },
  };
}

describe("coalescer", () => {
  it("identical gets arriving together share one run; only the first is not `shared`", async () => {
    const results = coalescer<string>({ ttlMs: 1_000 });
    const upstream = controlled<string>();
    const gets = Array.from({ length: 10 }, () => results.get("demo/api-plans", upstream.run));
    expect(upstream.starts).toBe(1);
    upstream.finish(0, "answer");
    const answers = await Promise.all(gets);
    expect(answers.map((a) => a.value)).toEqual(Array(10).fill("answer"));
    expect(answers.map((a) => a.shared)).toEqual([false, ...Array(9).fill(true)]);
  });

  it("different keys run separately", async () => {
    const results = coalescer<string>({ ttlMs: 1_000 });
    let runs = 0;
    const run = async () => `run ${++runs}`;
    const [a, b] = await Promise.all([results.get("demo/a", run), results.get("demo/b", run)]);
    expect([a.value, b.value].sort()).toEqual(["run 1", "run 2"]);
  });

  it("reuses a finished answer for ttlMs, then runs again", async () => {
    let t = 0;
    const results = coalescer<number>({ ttlMs: 5_000, now: () => t });
    let runs = 0;
    const run = async () => ++runs;
    expect(await results.get("k", run)).toEqual({ value: 1, shared: false });
    t = 4_999;
    expect(await results.get("k", run)).toEqual({ value: 1, shared: true });
    t = 5_000;
    expect(await results.get("k", run)).toEqual({ value: 2, shared: false });
    expect(await results.get("k", run)).toEqual({ value: 2, shared: true });
  });

  it("the window starts when the answer arrives, not when the run started", async () => {
    let t = 0;
    const results = coalescer<string>({ ttlMs: 1_000, now: () => t });
    const upstream = controlled<string>();
    const first = results.get("k", upstream.run);
    t = 900;
    upstream.finish(0, "slow answer");
    await first;
    t = 1_800;
    expect(await results.get("k", upstream.run)).toEqual({ value: "slow answer", shared: true });
  });

  it("ttlMs 0 coalesces runs in flight but reuses nothing", async () => {
    const results = coalescer<number>({ ttlMs: 0, now: () => 0 });
    let runs = 0;
    const run = async () => ++runs;
    const [a, b] = await Promise.all([results.get("k", run), results.get("k", run)]);
    expect([a.value, b.value]).toEqual([1, 1]);
    expect((await results.get("k", run)).value).toBe(2);
  });

  it("a failed run rejects everyone waiting on it and is not remembered", async () => {
    const results = coalescer<string>({ ttlMs: 60_000 });
    const upstream = controlled<string>();
    const a = results.get("k", upstream.run);
    const b = results.get("k", upstream.run);
    upstream.fail(0, new Error("boom"));
    await expect(a).rejects.toThrow("boom");
    await expect(b).rejects.toThrow("boom");
    const c = results.get("k", upstream.run);
    expect(upstream.starts).toBe(2);
    upstream.finish(1, "recovered");
    expect(await c).toEqual({ value: "recovered", shared: false });
  });

  it("clear() forgets finished answers", async () => {
    const results = coalescer<number>({ ttlMs: 60_000 });
    let runs = 0;
    const run = async () => ++runs;
    await results.get("k", run);
    results.clear();
    expect(await results.get("k", run)).toEqual({ value: 2, shared: false });
  });

  it("clear() also stops a run from before it being reused: waiters get it, later callers run anew", async () => {
    // The demo switch clears reused answers; a run started before the switch must not answer after it.
    const results = coalescer<string>({ ttlMs: 60_000 });
    const upstream = controlled<string>();
    const before = results.get("k", upstream.run);
    results.clear();
    const after = results.get("k", upstream.run);
    expect(upstream.starts).toBe(2);
    upstream.finish(0, "healthy");
    upstream.finish(1, "degraded");
    expect(await before).toEqual({ value: "healthy", shared: false });
    expect(await after).toEqual({ value: "degraded", shared: false });
    expect(await results.get("k", upstream.run)).toEqual({ value: "degraded", shared: true });
  });

  it("a run that finishes after clear() is not kept for reuse", async () => {
    const results = coalescer<string>({ ttlMs: 60_000 });
    const upstream = controlled<string>();
    const before = results.get("k", upstream.run);
    results.clear();
    upstream.finish(0, "stale");
    await before;
    const next = results.get("k", upstream.run);
    expect(upstream.starts).toBe(2);
    upstream.finish(1, "fresh");
    expect(await next).toEqual({ value: "fresh", shared: false });
  });

  it("keeps at most maxEntries answers, dropping the oldest", async () => {
    const results = coalescer<string>({ ttlMs: 60_000, maxEntries: 2 });
    let runs = 0;
    const run = async () => `run ${++runs}`;
    await results.get("a", run);
    await results.get("b", run);
    await results.get("c", run);
    expect(await results.get("b", run)).toEqual({ value: "run 2", shared: true });
    expect(await results.get("c", run)).toEqual({ value: "run 3", shared: true });
    expect(await results.get("a", run)).toEqual({ value: "run 4", shared: false });
  });
});

describe("rateLimiter", () => {
  it("allows `limit` runs per window, then says how long until the oldest leaves it", () => {
    let t = 0;
    const limiter = rateLimiter({ limit: 3, windowMs: 60_000, now: () => t });
    expect([limiter.take("alice"), limiter.take("alice")]).toEqual([0, 0]);
    t = 10_000;
    expect(limiter.take("alice")).toBe(0);
    expect(limiter.take("alice")).toBe(50_000);
    t = 59_999;
    expect(limiter.take("alice")).toBe(1);
    // Both runs at 0 have left the window; the one at 10 s has not.
    t = 60_000;
    expect([limiter.take("alice"), limiter.take("alice")]).toEqual([0, 0]);
    expect(limiter.take("alice")).toBe(10_000);
  });

  it("refused runs do not count against the client", () => {
    let t = 0;
    const limiter = rateLimiter({ limit: 1, windowMs: 1_000, now: () => t });
    expect(limiter.take("alice")).toBe(0);
    for (let i = 0; i < 5; i++) {
      t += 100;
      expect(limiter.take("alice")).toBe(1_000 - t);
    }
    t = 1_000;
    expect(limiter.take("alice")).toBe(0);
  });

  it("each client has a quota of its own", () => {
    const limiter = rateLimiter({ limit: 1, windowMs: 60_000, now: () => 0 });
    expect(limiter.take("alice")).toBe(0);
    expect(limiter.take("alice")).toBeGreaterThan(0);
    expect(limiter.take("bob")).toBe(0);
  });

  it("with the real clock, a fresh limiter allows the first run", () => {
    expect(rateLimiter({ limit: 1, windowMs: 60_000 }).take("local")).toBe(0);
  });
});
