/**
 * @module
 * Coalesces identical runs and reuses a fresh answer for a few seconds, so a room full of engineers
 * pressing Verify sends one probe upstream. Two layers:
 * - runs in flight are shared inside the isolate (a promise cannot leave it);
 * - finished answers are kept in a `ReuseStore`: in memory (per isolate, the default), or in memory
 *   and then the Cache API (`tieredStore` + `cacheStore` in `answer-cache.ts`: shared by every isolate
 *   of a data center where the Cache API works).
 */

/** Where finished answers wait for reuse. `get` may answer synchronously (memory) or not (Cache API). */
export interface ReuseStore<T> {
  get(key: string): T | undefined | Promise<T | undefined>;
  put(key: string, value: T): void | Promise<void>;
  /** Forgets every answer this store kept. */
  clear(): void | Promise<void>;
  readonly kind: "memory" | "cache-api" | "memory+cache-api";
}

export interface Coalescer<T> {
  /** Returns the in-flight or fresh value for `key`, or starts `run` and shares it. */
  get(key: string, run: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
  /**
   * Forgets every answer from before this call: runs in flight still answer those already waiting,
   * but later callers start a new run and those answers are not kept for reuse.
   */
  clear(): Promise<void>;
  /** Where finished answers are kept. */
  readonly store: ReuseStore<T>["kind"];
}

/** Finished answers in a Map, each for `ttlMs` from when it arrived; at most `maxEntries`, oldest dropped first. */
export function memoryStore<T>(options: { ttlMs: number; now?: () => number; maxEntries?: number }): ReuseStore<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  const fresh = new Map<string, { value: T; at: number }>();
  return {
    kind: "memory",
    get(key) {
      const hit = fresh.get(key);
      return hit && now() - hit.at < options.ttlMs ? hit.value : undefined;
    },
    put(key, value) {
      if (options.ttlMs <= 0) return;
      fresh.delete(key);
      if (fresh.size >= maxEntries) fresh.delete(fresh.keys().next().value as string);
      fresh.set(key, { value, at: now() });
    },
    clear() {
      fresh.clear();
    },
  };
}

export function coalescer<T>(options: { ttlMs: number; now?: () => number; maxEntries?: number; store?: ReuseStore<T> }): Coalescer<T> {
  const store = options.store ?? memoryStore<T>(options);
  const inflight = new Map<string, Promise<{ value: T; stored: boolean }>>();
  // Bumped by clear(): a run started under an older generation may describe a state that is gone.
  let generation = 0;

  /** Reads the store, else runs and keeps the answer (unless clear() came in between). */
  function lookupOrRun(key: string, run: () => Promise<T>): Promise<{ value: T; stored: boolean }> {
    const startedIn = generation;
    const finish = async (hit: T | undefined) => {
      if (hit !== undefined && startedIn === generation) return { value: hit, stored: true };
      const value = await run();
      if (startedIn === generation) await store.put(key, value);
      return { value, stored: false };
    };
    const hit = store.get(key);
    // A synchronous store starts the run at once, so callers arriving in the same tick already share it.
    return hit instanceof Promise ? hit.then(finish, () => finish(undefined)) : finish(hit);
  }

  return {
    store: store.kind,
    async clear() {
      generation += 1;
      inflight.clear();
      await store.clear();
    },
    async get(key, run) {
      const pending = inflight.get(key);
      if (pending) return { value: (await pending).value, shared: true };
      const promise = lookupOrRun(key, run);
      inflight.set(key, promise);
      try {
        const { value, stored } = await promise;
        return { value, shared: stored };
      } finally {
        if (inflight.get(key) === promise) inflight.delete(key);
      }
    },
  };
}

/**
 * Two stores read in turn: `near` (memory: synchronous, this isolate's own answers) then `far` (the
 * Cache API: other isolates' answers too). Answers go to both. Where `far` silently keeps nothing
 * (Cloudflare's Cache API behind Access or on a `*.dev` hostname), reuse still works per isolate.
 * A `far` hit is not copied into `near`: its age is unknown there, and copying would stretch its reuse.
 */
export function tieredStore<T>(near: ReuseStore<T>, far: ReuseStore<T>): ReuseStore<T> {
  return {
    kind: "memory+cache-api",
    get(key) {
      const hit = near.get(key);
      if (hit instanceof Promise) return hit.then((value) => (value !== undefined ? value : far.get(key)));
      return hit !== undefined ? hit : far.get(key);
    },
    async put(key, value) {
      await near.put(key, value);
      await far.put(key, value);
    },
    async clear() {
      await near.clear();
      await far.clear();
    },
  };
}
