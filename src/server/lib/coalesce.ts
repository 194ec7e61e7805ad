/**
 * @module
 * Coalesces identical runs and reuses a fresh answer for a few seconds, so a room full of engineers
 * pressing Verify sends one probe upstream. Per isolate: production runs many isolates, each of which
 * probes at most once per key per window.
 */

export interface Coalescer<T> {
  /** Returns the in-flight or fresh value for `key`, or starts `run` and shares it. */
  get(key: string, run: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
  /**
   * Forgets every answer from before this call: runs in flight still answer those already waiting,
   * but later callers start a new run and those answers are not kept for reuse.
   */
  clear(): void;
}

export function coalescer<T>(options: { ttlMs: number; now?: () => number; maxEntries?: number }): Coalescer<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  const inflight = new Map<string, Promise<T>>();
  const fresh = new Map<string, { value: T; at: number }>();
  // Bumped by clear(): a run started under an older generation may describe a state that is gone.
  let generation = 0;
  return {
    clear() {
      generation += 1;
      fresh.clear();
      inflight.clear();
    },
    async get(key, run) {
      const hit = fresh.get(key);
      if (hit && now() - hit.at < options.ttlMs) return { value: hit.value, shared: true };
      const pending = inflight.get(key);
      if (pending) return { value: await pending, shared: true };
      const startedIn = generation;
      const promise = run();
      inflight.set(key, promise);
      try {
        const value = await promise;
        if (startedIn === generation) {
          if (fresh.size >= maxEntries) fresh.delete(fresh.keys().next().value as string);
          fresh.set(key, { value, at: now() });
        }
        return { value, shared: false };
      } finally {
        if (inflight.get(key) === promise) inflight.delete(key);
      }
    },
  };
}
