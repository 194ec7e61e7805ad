import * as z from "zod/mini";
import type { FetchLike } from "../core/checks/probe.ts";
import type { LoadedConfig } from "../core/config/load.ts";
import {
  type CheckResult,
  checkResult,
  type VerifyEvent,
  type VerifyPart,
  verifyEvent,
  verifyPart,
} from "../core/result.ts";
import { type CacheLike, cacheStore, defaultCache, fingerprint } from "./lib/answer-cache.ts";
import { memoryStore, type ReuseStore, type SharedRuns, sharedRuns, tieredStore } from "./lib/coalesce.ts";
import { CLOUDFLARE_CONNECTIONS, FREE_PLAN_SUBREQUESTS, type InvocationLimits } from "./lib/invocation.ts";
import { chooseRateLimiter, type RateLimiter } from "./lib/rate-limit.ts";

/**
 * Everything the routes share for the life of an isolate. Each request sees a copy whose `fetch`
 * holds to the per-invocation limits (`forRequest` in `app.ts`).
 */
export interface Runtime {
  loaded: LoadedConfig;
  fetch: FetchLike;
  demoOrigin: string | undefined;
  /** The one place work is shared across requests (plain data only; see `lib/coalesce.ts`). */
  shared: SharedRuns;
  /**
   * Finished answers kept for reuse: single check runs, whole verify-all runs (their events), and
   * verify-all's checks run one invocation each (`POST /api/verify/checks/{id}`).
   */
  reuse: { checks: ReuseStore<CheckResult>; verify: ReuseStore<VerifyEvent[]>; parts: ReuseStore<VerifyPart> };
  /** Runs per client: what reaches a target. */
  limiter: RateLimiter;
  /** Writes per client: what lands in D1 (history writes, monitor starts, actions). */
  writeLimiter: RateLimiter;
  limits: InvocationLimits;
  /** Forgets shared runs and reused answers (the demo switched mode: they describe the old one). */
  forget(): Promise<void>;
}

export interface RuntimeOptions {
  loaded: LoadedConfig;
  fetch?: FetchLike;
  demoOrigin?: string | undefined;
  /** How long a finished check answer is reused (default 5 s). */
  reuseMs?: number;
  /** Runs allowed per client per minute by the in-memory limiter (default 60). */
  runsPerMinute?: number;
  /** Writes allowed per client per minute by the in-memory limiter (default 60). */
  writesPerMinute?: number;
  /** The `RUNBOOK_RATE_LIMITER` binding, when the Function has one: it then counts runs instead of memory. */
  rateLimitBinding?: unknown;
  /**
   * Where finished answers are reused: the Cache API (default: `caches.default` when the runtime has
   * one) or, with `null` or where there is none (Node), memory.
   */
  cache?: CacheLike | null;
  /**
   * Per-invocation limits (default: Cloudflare's Free plan, 6 connections and 50 subrequests; checks per
   * invocation unbounded here: the Function's entry sets the Free plan's 2 unless `RUNBOOK_INVOCATION_CHECKS` says otherwise).
   */
  limits?: Partial<InvocationLimits>;
  now?: () => number;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const now = options.now ?? Date.now;
  const ttlMs = options.reuseMs ?? 5_000;
  const cache = options.cache === undefined ? defaultCache() : options.cache;
  const namespace = fingerprint(options.loaded.environments);
  /** Memory, then the Cache API where the runtime has one. */
  function reuseStore<T>(parse: (raw: unknown) => T | undefined): ReuseStore<T> {
    const memory = memoryStore<T>({ ttlMs, now });
    return cache ? tieredStore(memory, cacheStore(cache, { ttlMs, namespace, parse })) : memory;
  }
  const shared = sharedRuns({ now });
  const reuse = {
    checks: reuseStore((raw) => checkResult.safeParse(raw).data),
    verify: reuseStore((raw) => z.array(verifyEvent).safeParse(raw).data),
    parts: reuseStore((raw) => verifyPart.safeParse(raw).data),
  };
  return {
    loaded: options.loaded,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    demoOrigin: options.demoOrigin,
    shared,
    reuse,
    limiter: chooseRateLimiter({ binding: options.rateLimitBinding, runsPerMinute: options.runsPerMinute ?? 60, now }),
    writeLimiter: chooseRateLimiter({
      binding: options.rateLimitBinding,
      runsPerMinute: options.writesPerMinute ?? 60,
      counts: "writes",
      now,
    }),
    limits: {
      connections: CLOUDFLARE_CONNECTIONS,
      subrequests: FREE_PLAN_SUBREQUESTS,
      checks: Number.POSITIVE_INFINITY,
      ...options.limits,
    },
    async forget() {
      await shared.clear();
      await Promise.all([reuse.checks.clear(), reuse.verify.clear(), reuse.parts.clear()]);
    },
  };
}
