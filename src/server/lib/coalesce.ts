/**
 * @module
 * Shares work across requests the way workerd allows: only settled plain data crosses from one request
 * to another. One request (the leader) runs the work in its own I/O context and writes what it learns
 * (progress events, then the value or the error) into a plain entry; every other request asking for
 * the same key (a follower) reads that entry on its own timer, so it always has I/O of its own pending
 * and never awaits a promise, Response or stream made by another request. A leader that goes away
 * (its request cancelled) stops beating; the next follower to notice takes over and runs the work itself.
 *
 * Finished values can also be kept for reuse in a `ReuseStore`: in memory (per isolate), or in memory
 * and then the Cache API (`tieredStore` + `cacheStore` in `answer-cache.ts`).
 */

/** Where finished answers wait for reuse. `get` may answer synchronously (memory) or not (Cache API). */
export interface ReuseStore<T> {
  get(key: string): T | undefined | Promise<T | undefined>;
  put(key: string, value: T): void | Promise<void>;
  /** Forgets every answer this store kept. */
  clear(): void | Promise<void>;
  readonly kind: "memory" | "cache-api" | "memory+cache-api";
}

export interface ShareOptions<T, E> {
  /** Where a finished value is looked up first and kept after (none: shared only while in flight). */
  reuse?: ReuseStore<T> | undefined;
  /** Called with every progress event of the run, from the first, in order (followers too). */
  onEvent?: ((event: E) => void) | undefined;
  /** Keeps the leader's work going when its own client leaves (`waitUntil`). */
  keepAlive?: ((work: Promise<unknown>) => void) | undefined;
}

export interface SharedRuns {
  /**
   * The value for `key`: reused, followed from a run in flight, or run here by `work` (which may
   * `publish` progress events). `shared` is false only for the request that ran the work.
   */
  run<T, E = never>(
    key: string,
    work: (publish: (event: E) => void) => Promise<T>,
    options?: ShareOptions<T, E>,
  ): Promise<{ value: T; shared: boolean }>;
  /** True while a run for `key` is in flight here. */
  inFlight(key: string): boolean;
  /**
   * Forgets every run from before this call: runs in flight still answer those already following them,
   * but later callers start a new run, and what old runs finish with is not kept for reuse.
   */
  clear(): Promise<void>;
}

/** One run as every request sees it: plain data only. */
interface Entry {
  generation: number;
  events: unknown[];
  /** When the leader last proved it is alive (its own interval timer). */
  beat: number;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export interface SharedRunsOptions {
  now?: () => number;
  /** How often followers look at the entry (default 15 ms). */
  pollMs?: number;
  /** How often the leader beats (default 200 ms). */
  beatMs?: number;
  /** A leader silent this long is taken to be gone (default 3 s). */
  staleMs?: number;
}

export function sharedRuns(options: SharedRunsOptions = {}): SharedRuns {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 15;
  const beatMs = options.beatMs ?? 200;
  const staleMs = options.staleMs ?? 3_000;
  const inflight = new Map<string, Entry>();
  // Bumped by clear(): a run started under an older generation may describe a state that is gone.
  let generation = 0;

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const stale = (entry: Entry) => entry.outcome === undefined && now() - entry.beat > staleMs;

  async function lead<T, E>(
    key: string,
    entry: Entry,
    work: (publish: (event: E) => void) => Promise<T>,
    options: ShareOptions<T, E>,
  ): Promise<{ value: T; shared: boolean }> {
    const beating = setInterval(() => {
      entry.beat = now();
    }, beatMs);
    const publish = (event: E) => {
      entry.events.push(event);
      options.onEvent?.(event);
    };
    const done = (async () => {
      try {
        const cached = options.reuse?.get(key);
        const hit = cached instanceof Promise ? await cached.catch(() => undefined) : cached;
        if (hit !== undefined && entry.generation === generation) {
          entry.outcome = { ok: true, value: hit };
          return { value: hit, shared: true };
        }
        const value = await work(publish);
        entry.outcome = { ok: true, value };
        if (entry.generation === generation) await options.reuse?.put(key, value);
        return { value, shared: false };
      } catch (error) {
        entry.outcome = { ok: false, error };
        throw error;
      } finally {
        clearInterval(beating);
        if (inflight.get(key) === entry) inflight.delete(key);
      }
    })();
    options.keepAlive?.(done.catch(() => {}));
    return done;
  }

  async function follow<T, E>(
    entry: Entry,
    options: ShareOptions<T, E>,
  ): Promise<{ value: T; shared: boolean } | "leader gone"> {
    let seen = 0;
    for (;;) {
      while (seen < entry.events.length) options.onEvent?.(entry.events[seen++] as E);
      const outcome = entry.outcome;
      if (outcome?.ok) return { value: outcome.value as T, shared: true };
      if (outcome) throw outcome.error;
      if (stale(entry)) return "leader gone";
      await sleep(pollMs);
    }
  }

  return {
    inFlight: (key) => inflight.has(key),
    async clear() {
      generation += 1;
      inflight.clear();
    },
    async run(key, work, options = {}) {
      for (;;) {
        const current = inflight.get(key);
        if (!current || stale(current)) {
          // Set synchronously, so callers arriving in the same tick already follow this run.
          const entry: Entry = { generation, events: [], beat: now() };
          inflight.set(key, entry);
          return lead(key, entry, work, options);
        }
        const followed = await follow(current, options);
        if (followed !== "leader gone") return followed;
        // Events already passed on would be repeated by a new run: followers that took some start over
        // with a leader of their own only when nothing was passed on yet.
        if (current.events.length > 0 && options.onEvent)
          throw new Error("the shared run stopped midway; run it again");
        if (inflight.get(key) === current) inflight.delete(key);
      }
    },
  };
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

/**
 * True when an answer for `key` would cost the target nothing: a run for it is in flight here (a press
 * joins it) or a finished answer is kept for reuse. The limits weigh such a press 0, so a reader
 * pressing again within the reuse window is never refused for probes that do not happen.
 */
export async function costsNothing<T>(shared: SharedRuns, reuse: ReuseStore<T>, key: string): Promise<boolean> {
  if (shared.inFlight(key)) return true;
  const hit = await Promise.resolve(reuse.get(key)).catch(() => undefined);
  return hit !== undefined;
}
