/**
 * @module
 * The probe's `fetch` for the CLI: undici with its own connection pool, so the run can close every
 * socket when it is done and the process exits at once instead of waiting for keep-alive timeouts.
 */
import { Agent, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from "undici";
import type { FetchLike } from "../core/checks/probe.ts";

export interface CliFetch {
  fetch: FetchLike;
  /** Drops every connection; call once the run has finished. */
  close(): Promise<void>;
}

export function createFetch(): CliFetch {
  const dispatcher = new Agent({ connect: { timeout: 10_000 } });
  // The core speaks the platform's fetch types; undici's are the same at runtime but declared apart.
  const fetch: FetchLike = (input, init) =>
    undiciFetch(input, { ...(init as UndiciRequestInit), dispatcher }) as unknown as Promise<Response>;
  return { fetch, close: () => dispatcher.destroy() };
}
