/**
 * @module
 * A sliding-window limit on runs per client. In memory, so per isolate: it stops one reader's
 * runaway loop; it is not a global quota.
 */

export interface RateLimiter {
  /** Counts one run for `client`; returns how long to wait when over the limit, or 0. */
  take(client: string): number;
}

export function rateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  return {
    take(client) {
      const t = now();
      const recent = (hits.get(client) ?? []).filter((at) => t - at < options.windowMs);
      if (recent.length >= options.limit) {
        hits.set(client, recent);
        return (recent[0] ?? t) + options.windowMs - t;
      }
      recent.push(t);
      hits.set(client, recent);
      if (hits.size > 10_000) hits.delete(hits.keys().next().value as string);
      return 0;
    },
  };
}
