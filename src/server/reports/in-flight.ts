/**
 * @module
 * Identical version and rollback reads arriving together share one set of upstream calls. Finished
 * answers are not reused: after a rollback the next read must show it.
 */
import { type Coalescer, coalescer } from "../lib/coalesce.ts";

const perRuntime = new WeakMap<object, Coalescer<unknown>>();

export async function shareInFlight<T>(runtime: object, key: string, run: () => Promise<T>): Promise<T> {
  let shared = perRuntime.get(runtime);
  if (!shared) {
    shared = coalescer<unknown>({ ttlMs: 0 });
    perRuntime.set(runtime, shared);
  }
  return (await shared.get(key, run)).value as T;
}
