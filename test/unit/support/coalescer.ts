import { memoryStore, type ReuseStore, sharedRuns } from "../../../src/server/lib/coalesce.ts";

/**
 * One key space of the runtime's shared runs with a reuse store, as the check route uses it: the
 * shape these tests were written against (`get(key, run)`, `clear()`).
 */
export function coalescer<T>(options: {
  ttlMs: number;
  now?: () => number;
  maxEntries?: number;
  store?: ReuseStore<T>;
}) {
  const runs = sharedRuns(options.now ? { now: options.now } : {});
  const store = options.store ?? memoryStore<T>(options);
  return {
    get: (key: string, run: () => Promise<T>) => runs.run(key, run, { reuse: store }),
    async clear() {
      await Promise.all([store.clear(), runs.clear()]);
    },
  };
}
