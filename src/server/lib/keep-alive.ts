import type { Context } from "hono";

/** Keeps work alive after the handler returns: a streaming answer's, or what runs after the answer (a no-op outside workers). */
export function keepAlive(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // Outside a worker (Node tests) there is no execution context; the stream itself keeps the work going.
  }
}
