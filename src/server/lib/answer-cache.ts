/**
 * @module
 * Finished check answers in the Cache API (`caches.default`), so every isolate of a Cloudflare data
 * center reuses one probe's answer for a few seconds. The key is a synthetic URL that never reaches
 * the network: `https://runbook.internal/results/<config>/<env>/<check>`, kept `max-age=<reuse seconds>`.
 * `<config>` fingerprints the resolved configuration, so two deployments of the runbook on one zone
 * (production and a preview with other checks), or two local stacks sharing wrangler's cache folder,
 * never answer with each other's results.
 */
import type { ReuseStore } from "./coalesce.ts";

/** The part of the Cache API used here (Workers' `caches.default`). */
export interface CacheLike {
  match(request: Request | string): Promise<Response | undefined>;
  put(request: Request | string, response: Response): Promise<void>;
  delete(request: Request | string): Promise<boolean>;
}

export const ANSWER_CACHE_ORIGIN = "https://runbook.internal/results/";

/** `caches.default` where the runtime has it (workerd), else undefined (Node). */
export function defaultCache(): CacheLike | undefined {
  const storage = (globalThis as { caches?: { default?: CacheLike } }).caches;
  return storage?.default;
}

/**
 * A reuse store on the Cache API. `key` is `<env>/<check>`; `parse` turns a cached body back into a
 * value (undefined for anything unexpected, which is then treated as a miss). `clear()` deletes the
 * keys this isolate stored: other isolates' entries expire on their own within `ttlMs`.
 */
export function cacheStore<T>(
  cache: CacheLike,
  options: { ttlMs: number; namespace: string; parse: (raw: unknown) => T | undefined },
): ReuseStore<T> {
  const seconds = Math.floor(options.ttlMs / 1000);
  const stored = new Set<string>();
  let putFailureLogged = false;
  const url = (key: string) =>
    `${ANSWER_CACHE_ORIGIN}${[options.namespace, ...key.split("/")].map(encodeURIComponent).join("/")}`;
  return {
    kind: "cache-api",
    async get(key) {
      if (seconds <= 0) return undefined;
      const res = await cache.match(url(key));
      if (!res) return undefined;
      try {
        return options.parse(await res.json());
      } catch {
        return undefined;
      }
    },
    async put(key, value) {
      if (seconds <= 0) return;
      const body = JSON.stringify(value);
      try {
        await cache.put(
          url(key),
          new Response(body, {
            headers: { "content-type": "application/json", "cache-control": `max-age=${seconds}` },
          }),
        );
      } catch (error) {
        // The answer is still good for those waiting on it; it is just not reused.
        if (!putFailureLogged)
          console.warn(`[limits] could not keep an answer in the Cache API: ${(error as Error).message}`);
        putFailureLogged = true;
        return;
      }
      stored.add(key);
      if (stored.size > 1_000) stored.delete(stored.values().next().value as string);
    },
    async clear() {
      const keys = [...stored];
      stored.clear();
      await Promise.all(keys.map((key) => cache.delete(url(key)).catch(() => false)));
    },
  };
}

/** A short, stable fingerprint of any JSON-able value (FNV-1a, 32 bits, hex): not for secrecy, only to tell configs apart. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
