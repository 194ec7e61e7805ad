/**
 * @module
 * The secret scrubber over a stream, with flat memory: each chunk is scrubbed as it passes, holding
 * back only the last `maxLength` characters (the most one match can span), so a secret split across
 * two chunks is still caught whole and nothing waits for the end of the stream. A stream of whole
 * lines (verify-all's NDJSON: one JSON event per line, line breaks inside escaped) is scrubbed line by
 * line instead, so each event reaches the reader as soon as it is written.
 */
export interface Scrub {
  (text: string): string;
  /**
   * Scrubs `text` as far as `upTo`, for a stream: every match that starts before `upTo` is replaced
   * (it lies whole within `text` when `upTo` is `maxLength` or more from the end); `rest` is the text
   * from where the scrubbed part ends, to be scrubbed with what follows.
   */
  upTo(text: string, upTo: number): { done: string; rest: string };
  /** The most characters one match can span: how much a stream holds back. */
  readonly maxLength: number;
}

export function scrubStream(scrub: Scrub, options: { lines?: boolean } = {}): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let held = "";
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const text = held + decoder.decode(chunk, { stream: true });
      const { done, rest } = options.lines
        ? { done: scrub(text.slice(0, text.lastIndexOf("\n") + 1)), rest: text.slice(text.lastIndexOf("\n") + 1) }
        : scrub.upTo(text, text.length - scrub.maxLength);
      held = rest;
      if (done) controller.enqueue(encoder.encode(done));
    },
    flush(controller) {
      const text = scrub(held + decoder.decode());
      held = "";
      if (text) controller.enqueue(encoder.encode(text));
    },
  });
}
