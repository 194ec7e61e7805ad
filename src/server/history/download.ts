/**
 * @module
 * A streamed export as a download: its type, and a file name that says what it holds and when.
 */
import type { Context } from "hono";
import type { HistoryFormat } from "../../core/history/export.ts";

const FILE_TYPES: Record<HistoryFormat, string> = {
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** `name` is plain ids and words; the date is today's (UTC). The body streams through the scrubber (`lib/scrub.ts`). */
export function download(c: Context, name: string, format: HistoryFormat, body: ReadableStream<Uint8Array>): Response {
  const file = `${name.replace(/[^A-Za-z0-9._-]+/g, "-")}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return c.body(body, 200, {
    "content-type": FILE_TYPES[format],
    "content-disposition": `attachment; filename="${file}"`,
  });
}
