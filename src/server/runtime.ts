import type { FetchLike } from "../core/checks/probe.ts";
import type { LoadedConfig } from "../core/config/load.ts";
import { type CheckResult, checkResult } from "../core/result.ts";
import { type CacheLike, cacheStore, defaultCache, fingerprint } from "./lib/answer-cache.ts";
import { type Coalescer, coalescer, memoryStore, tieredStore } from "./lib/coalesce.ts";
import { chooseRateLimiter, type RateLimiter } from "./lib/rate-limit.ts";

/** Everything the routes share for the life of an isolate. */
export interface Runtime {
  loaded: LoadedConfig;
  fetch: FetchLike;
  demoOrigin: string | undefined;
  results: Coalescer<CheckResult>;
  limiter: RateLimiter;
}

export interface RuntimeOptions {
  loaded: LoadedConfig;
  fetch?: FetchLike;
  demoOrigin?: string | undefined;
  /** How long a finished check answer is reused (default 5 s). */
  reuseMs?: number;
  /** Runs allowed per client per minute by the in-memory limiter (default 60). */
  runsPerMinute?: number;
  /** The `RUNBOOK_RATE_LIMITER` binding, when the Function has one: it then counts runs instead of memory. */
  rateLimitBinding?: unknown;
  /**
   * Where finished answers are reused: the Cache API (default: `caches.default` when the runtime has
   * one) or, with `null` or where there is none (Node), memory.
   */
  cache?: CacheLike | null;
  now?: () => number;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const now = options.now ?? Date.now;
  const ttlMs = options.reuseMs ?? 5_000;
  const cache = options.cache === undefined ? defaultCache() : options.cache;
  return {
    loaded: options.loaded,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    demoOrigin: options.demoOrigin,
    results: coalescer<CheckResult>({
      ttlMs,
      now,
      ...(cache && {
        store: tieredStore(
          memoryStore<CheckResult>({ ttlMs, now }),
          cacheStore(cache, {
            ttlMs,
            namespace: fingerprint(options.loaded.environments),
            parse: (raw) => checkResult.safeParse(raw).data,
          }),
        ),
      }),
    }),
    limiter: chooseRateLimiter({ binding: options.rateLimitBinding, runsPerMinute: options.runsPerMinute ?? 60, now }),
  };
}
