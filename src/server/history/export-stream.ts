/**
 * @module
 * Exports streamed page by page from D1: the next page is read only when the reader has taken the last
 * (a pull stream), so an export holds one page in memory however many rows it has. A failure midway
 * ends the file with its failure marker (see `core/history/export.ts`), never a silent cut.
 */
import type { FileWriter } from "../../core/history/export.ts";

/** Rows read from D1 per page of an export. */
export const EXPORT_PAGE = 500;
/** The most rows one export holds. */
export const EXPORT_MAX = 100_000;

export function exportStream<T>(writer: FileWriter<T>, pages: AsyncIterable<readonly T[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let sent = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(writer.head));
          return;
        }
        try {
          // A pull that enqueues nothing is not pulled again: skip empty pages until rows or the end.
          for (;;) {
            const page = await iterator.next();
            if (page.done) {
              controller.enqueue(encoder.encode(writer.end(sent)));
              controller.close();
              return;
            }
            if (page.value.length === 0) continue;
            controller.enqueue(encoder.encode(writer.rows(page.value, sent)));
            sent += page.value.length;
            return;
          }
        } catch (error) {
          console.error("[export] failed midway", error);
          controller.enqueue(
            encoder.encode(
              writer.failed("the export stopped reading the history; the Function log has the details", sent),
            ),
          );
          controller.close();
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Keyset paging: `read(before, size)` answers rows newest first (each with its `id`) below `before`;
 * pages follow until `limit` rows or the end.
 */
export async function* keysetPages<T extends { id: number }>(
  read: (before: number | undefined, size: number) => Promise<T[]>,
  options: { limit: number; before?: number | undefined; pageSize?: number },
): AsyncGenerator<T[]> {
  const size = options.pageSize ?? EXPORT_PAGE;
  let before = options.before;
  let left = options.limit;
  while (left > 0) {
    const page = await read(before, Math.min(size, left));
    if (page.length === 0) return;
    yield page;
    left -= page.length;
    const last = page.at(-1);
    if (page.length < Math.min(size, left + page.length) || last === undefined) return;
    before = last.id;
  }
}
