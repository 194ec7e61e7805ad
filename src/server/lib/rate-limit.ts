/**
 * @module
 * Limits per client, one limiter each for runs (what reaches a target) and for writes (what lands in
 * D1). Two kinds behind one interface:
 * - `bindingRateLimiter`: Cloudflare's Rate Limiting binding, counted per Cloudflare location for
 *   every isolate there (eventually consistent), when the Function has one;
 * - `rateLimiter`: a sliding window in memory, so per isolate. It stops one reader's runaway loop;
 *   it is not a global quota. Used where there is no binding (Node tests, a Pages project without one).
 */

export interface RateLimiter {
  /**
   * Counts `weight` runs (default 1: one probe) for `client`; returns how long to wait when over the
   * limit, or 0. Verify-all weighs the probes its run causes.
   */
  take(client: string, weight?: number): number | Promise<number>;
  /** Where the count lives, for logs and docs: `"binding"` or `"memory"`. */
  readonly kind: "binding" | "memory";
}

/**
 * The Workers Rate Limiting binding (`[[ratelimits]]` in a Worker's config), or anything with the same
 * method, such as a service binding to a Worker that forwards to one.
 */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export function rateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  return {
    kind: "memory",
    take(client, weight = 1) {
      const t = now();
      const recent = (hits.get(client) ?? []).filter((at) => t - at < options.windowMs);
      const counted = Math.min(weight, options.limit);
      if (recent.length + counted > options.limit) {
        hits.set(client, recent);
        // Wait until enough of the oldest runs have left the window to make room for this one.
        return (recent[recent.length + counted - options.limit - 1] ?? t) + options.windowMs - t;
      }
      for (let i = 0; i < counted; i += 1) recent.push(t);
      hits.set(client, recent);
      if (hits.size > 10_000) hits.delete(hits.keys().next().value as string);
      return 0;
    },
  };
}

/** True when `value` looks like a Rate Limiting binding (it has a `limit` method). */
export function isRateLimitBinding(value: unknown): value is RateLimitBinding {
  return typeof value === "object" && value !== null && typeof (value as { limit?: unknown }).limit === "function";
}

/**
 * Counts runs with the binding. It says only yes or no, so a refusal asks the client to wait one whole
 * period (`periodMs`, the binding's `simple.period`): an upper bound, since its window may end sooner.
 * When the binding itself fails, that run is counted by `fallback` instead, and the failure is logged once.
 */
export function bindingRateLimiter(
  binding: RateLimitBinding,
  options: { periodMs: number; fallback: RateLimiter; log?: (line: string) => void; counts?: "runs" | "writes" },
): RateLimiter {
  const counts = options.counts ?? "runs";
  const log = options.log ?? console.warn;
  let failureLogged = false;
  return {
    kind: "binding",
    async take(client, weight = 1) {
      try {
        // The binding counts one per call: a weighted run is as many calls, stopping at the first refusal.
        for (let i = 0; i < weight; i += 1) {
          const { success } = await binding.limit({ key: `${counts}:${client}` });
          if (!success) return options.periodMs;
        }
        return 0;
      } catch (error) {
        if (!failureLogged) {
          failureLogged = true;
          log(
            `[limits] the rate limiting binding failed (${(error as Error).message}); counting ${counts} in memory meanwhile`,
          );
        }
        return options.fallback.take(client, weight);
      }
    },
  };
}

const fallbackLogged = new Set<string>();

/**
 * The limiter for this Function: the binding when there is one, else the in-memory window, saying so
 * once per isolate (a production deployment without the binding should show it in its logs).
 */
export function chooseRateLimiter(options: {
  binding: unknown;
  runsPerMinute: number;
  /** What it counts (default runs): the binding keeps each under a key of its own. */
  counts?: "runs" | "writes";
  /** The binding's period (default 60 s). */
  bindingPeriodMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}): RateLimiter {
  const memory = rateLimiter({
    limit: options.runsPerMinute,
    windowMs: 60_000,
    ...(options.now && { now: options.now }),
  });
  const log = options.log ?? console.warn;
  const counts = options.counts ?? "runs";
  if (isRateLimitBinding(options.binding))
    return bindingRateLimiter(options.binding, {
      periodMs: options.bindingPeriodMs ?? 60_000,
      fallback: memory,
      log,
      counts,
    });
  if (!fallbackLogged.has(counts)) {
    fallbackLogged.add(counts);
    log(
      `[limits] no RUNBOOK_RATE_LIMITER binding: ${counts} are limited in memory, ${options.runsPerMinute} per client per minute in each isolate`,
    );
  }
  return memory;
}
