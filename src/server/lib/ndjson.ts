/**
 * @module
 * One NDJSON answer that streams as work publishes: verify-all and the rollback actions answer this way.
 * The work keeps running when the reader leaves mid-run (a closed tab, Ctrl-C): writes then fail and
 * the run finishes unheard, so what it records is recorded all the same.
 */
import type { Context } from "hono";
import { keepAlive } from "./keep-alive.ts";

/** Sends one line; never throws (a reader gone is not an error of the work). */
export type SendLine<E> = (event: E) => Promise<void>;

/**
 * Answers 200 `application/x-ndjson` at once and runs `work` with a line writer; an error the work
 * throws is logged under `label` and ends the stream with the line `onError` makes.
 */
export function ndjsonAnswer<E>(
  c: Context,
  label: string,
  work: (send: SendLine<E>) => Promise<void>,
  onError: (error: unknown) => E,
): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const send: SendLine<E> = (event) => writer.write(encoder.encode(`${JSON.stringify(event)}\n`)).catch(() => {});
  const run = (async () => {
    try {
      await work(send);
    } catch (error) {
      console.error(`[${label}] run failed`, error);
      await send(onError(error));
    } finally {
      await writer.close().catch(() => {});
    }
  })();
  keepAlive(c, run);
  return c.body(readable, 200, { "content-type": "application/x-ndjson; charset=utf-8" });
}
