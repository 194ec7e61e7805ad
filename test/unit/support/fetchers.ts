import { fetch as undiciFetch } from "undici";
import type { FetchLike } from "../../../src/core/checks/probe.ts";

/**
 * The two fetches the check engine runs on outside workerd: Node's global one (the Function under
 * `wrangler pages dev` tooling, tests) and undici's (the CLI). Their errors differ in shape.
 */
export const fetchers: readonly (readonly [name: string, fetch: FetchLike])[] = [
  ["global fetch", (input, init) => fetch(input, init)],
  // undici's own Response type is structurally what the probe reads (status, headers, body stream).
  ["undici fetch", (input, init) => undiciFetch(input, init as never) as unknown as Promise<Response>],
];

/** Runs `work` and measures how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}
