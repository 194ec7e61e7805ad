import { describe, expect, it } from "vitest";
import { type CacheLike, cacheStore, fingerprint } from "../../src/server/lib/answer-cache.ts";
import { memoryStore, tieredStore } from "../../src/server/lib/coalesce.ts";
import {
  bindingRateLimiter,
  chooseRateLimiter,
  type RateLimitBinding,
  rateLimiter,
} from "../../src/server/lib/rate-limit.ts";
import { coalescer } from "./support/coalescer.ts";

/** A Cache API in a Map that honours max-age on a hand-moved clock, as `caches.default` does in workerd. */
function mapCache(clock: { t: number }) {
  const entries = new Map<string, { body: string; until: number }>();
  const puts: string[] = [];
  const cache: CacheLike = {
    async match(request) {
      const hit = entries.get(String(request));
      return hit && clock.t < hit.until ? new Response(hit.body) : undefined;
    },
    async put(request, response) {
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1] ?? 0);
      puts.push(String(request));
      entries.set(String(request), { body: await response.text(), until: clock.t + maxAge * 1000 });
    },
    async delete(request) {
      return entries.delete(String(request));
    },
  };
  return { cache, puts };
}

/** A Rate Limiting binding that allows `limit` calls per key, recording the keys it saw. */
function countingBinding(limit: number): RateLimitBinding & { keys: string[] } {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    async limit({ key }) {
      keys.push(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { success: (counts.get(key) ?? 0) <= limit };
    },
  };
}

describe("answer reuse in the Cache API", () => {
  const parse = (raw: unknown) => (typeof raw === "number" ? raw : undefined);

  it("keeps an answer under a synthetic URL for the reuse seconds, and runs again after", async () => {
    const clock = { t: 0 };
    const { cache, puts } = mapCache(clock);
    const results = coalescer<number>({
      ttlMs: 5_000,
      store: cacheStore(cache, { ttlMs: 5_000, namespace: "cfg", parse }),
    });
    let runs = 0;
    const run = async () => ++runs;
    expect(await results.get("demo/app-health", run)).toEqual({ value: 1, shared: false });
    expect(puts).toEqual(["https://runbook.internal/results/cfg/demo/app-health"]);
    clock.t = 4_999;
    expect(await results.get("demo/app-health", run)).toEqual({ value: 1, shared: true });
    clock.t = 5_000;
    expect(await results.get("demo/app-health", run)).toEqual({ value: 2, shared: false });
  });

  it("shares a run in flight before the cache answers, so a burst makes one probe", async () => {
    const { cache } = mapCache({ t: 0 });
    const results = coalescer<number>({
      ttlMs: 5_000,
      store: cacheStore(cache, { ttlMs: 5_000, namespace: "cfg", parse }),
    });
    let runs = 0;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => results.get("demo/frontend", async () => ++runs)),
    );
    expect(runs).toBe(1);
    expect(answers.filter((a) => !a.shared)).toHaveLength(1);
  });

  it("another isolate with the same cache reuses the answer; another config does not", async () => {
    const { cache } = mapCache({ t: 0 });
    const isolate = (namespace: string) =>
      coalescer<number>({ ttlMs: 5_000, store: cacheStore(cache, { ttlMs: 5_000, namespace, parse }) });
    await isolate("cfg-a").get("demo/frontend", async () => 1);
    expect(await isolate("cfg-a").get("demo/frontend", async () => 2)).toEqual({ value: 1, shared: true });
    expect(await isolate("cfg-b").get("demo/frontend", async () => 3)).toEqual({ value: 3, shared: false });
  });

  it("clear() deletes the answers this isolate kept", async () => {
    const { cache } = mapCache({ t: 0 });
    const results = coalescer<number>({
      ttlMs: 5_000,
      store: cacheStore(cache, { ttlMs: 5_000, namespace: "cfg", parse }),
    });
    await results.get("demo/frontend", async () => 1);
    await results.clear();
    expect(await results.get("demo/frontend", async () => 2)).toEqual({ value: 2, shared: false });
  });

  it("an entry that does not parse, a failing match and a failing put are misses, not errors", async () => {
    const { cache } = mapCache({ t: 0 });
    await cache.put(
      "https://runbook.internal/results/cfg/demo/frontend",
      new Response('"text"', { headers: { "cache-control": "max-age=5" } }),
    );
    const results = coalescer<number>({
      ttlMs: 5_000,
      store: cacheStore(cache, { ttlMs: 5_000, namespace: "cfg", parse }),
    });
    expect(await results.get("demo/frontend", async () => 7)).toEqual({ value: 7, shared: false });
    const broken: CacheLike = {
      match: () => Promise.reject(new Error("cache down")),
      put: () => Promise.reject(new Error("cache full")),
      delete: () => Promise.reject(new Error("cache down")),
    };
    const degraded = coalescer<number>({
      ttlMs: 5_000,
      store: cacheStore(broken, { ttlMs: 5_000, namespace: "cfg", parse }),
    });
    expect(await degraded.get("demo/frontend", async () => 8)).toEqual({ value: 8, shared: false });
    await expect(degraded.clear()).resolves.toBeUndefined();
  });

  it("reuse 0 s keeps nothing in the cache", async () => {
    const { cache, puts } = mapCache({ t: 0 });
    const results = coalescer<number>({ ttlMs: 0, store: cacheStore(cache, { ttlMs: 0, namespace: "cfg", parse }) });
    let runs = 0;
    await results.get("k", async () => ++runs);
    await results.get("k", async () => ++runs);
    expect([runs, puts.length]).toEqual([2, 0]);
  });

  it("memory first, then the Cache API: reuse survives a cache that keeps nothing (Access, *.dev hostnames)", async () => {
    const keepsNothing: CacheLike = { match: async () => undefined, put: async () => {}, delete: async () => false };
    let t = 0;
    const now = () => t;
    const results = coalescer<number>({
      ttlMs: 5_000,
      store: tieredStore(
        memoryStore({ ttlMs: 5_000, now }),
        cacheStore(keepsNothing, { ttlMs: 5_000, namespace: "cfg", parse }),
      ),
    });
    let runs = 0;
    const run = async () => ++runs;
    expect(await results.get("k", run)).toEqual({ value: 1, shared: false });
    t = 4_000;
    expect(await results.get("k", run)).toEqual({ value: 1, shared: true });
    t = 5_000;
    expect(await results.get("k", run)).toEqual({ value: 2, shared: false });
  });

  it("memory first, then the Cache API: another isolate's answer comes from the cache", async () => {
    const { cache } = mapCache({ t: 0 });
    const isolate = () =>
      coalescer<number>({
        ttlMs: 5_000,
        store: tieredStore(memoryStore({ ttlMs: 5_000 }), cacheStore(cache, { ttlMs: 5_000, namespace: "cfg", parse })),
      });
    await isolate().get("k", async () => 1);
    expect(await isolate().get("k", async () => 2)).toEqual({ value: 1, shared: true });
  });

  it("fingerprints tell configs apart and stay stable", () => {
    expect(fingerprint({ a: 1 })).toBe(fingerprint({ a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: 1 })).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("rate limits with the Rate Limiting binding", () => {
  it("asks the binding per client and, when refused, asks to wait one period", async () => {
    const binding = countingBinding(2);
    const limiter = bindingRateLimiter(binding, {
      periodMs: 60_000,
      fallback: rateLimiter({ limit: 1, windowMs: 60_000 }),
    });
    expect(limiter.kind).toBe("binding");
    expect([await limiter.take("alice"), await limiter.take("alice"), await limiter.take("alice")]).toEqual([
      0, 0, 60_000,
    ]);
    expect(await limiter.take("bob")).toBe(0);
    expect(binding.keys).toEqual(["runs:alice", "runs:alice", "runs:alice", "runs:bob"]);
  });

  it("counts in memory when the binding throws, and says so once", async () => {
    const lines: string[] = [];
    const binding: RateLimitBinding = { limit: () => Promise.reject(new Error("binding unavailable")) };
    const limiter = bindingRateLimiter(binding, {
      periodMs: 60_000,
      fallback: rateLimiter({ limit: 1, windowMs: 60_000, now: () => 0 }),
      log: (line) => lines.push(line),
    });
    expect([await limiter.take("alice"), await limiter.take("alice")]).toEqual([0, 60_000]);
    expect(lines).toEqual([
      "[limits] the rate limiting binding failed (binding unavailable); counting runs in memory meanwhile",
    ]);
  });

  it("chooses the binding when there is one, else memory", () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(chooseRateLimiter({ binding: countingBinding(1), runsPerMinute: 5, log }).kind).toBe("binding");
    expect(lines).toEqual([]);
    expect(chooseRateLimiter({ binding: { limit: "not a function" }, runsPerMinute: 5, log }).kind).toBe("memory");
    expect(chooseRateLimiter({ binding: undefined, runsPerMinute: 5, log }).kind).toBe("memory");
    // Once per isolate: this file's isolate may already have said it, so at most one line.
    expect(lines.length).toBeLessThanOrEqual(1);
    for (const line of lines) expect(line).toContain("no RUNBOOK_RATE_LIMITER binding: runs are limited in memory");
  });
});
