/**
 * @module
 * NDJSON answers (one JSON value a line), read line by line: the rollback action's progress. Apart from
 * `api.ts` so the pages that never stream do not ship it.
 */
import { type ApiFailure, failureFrom, unexpectedShape } from "./api.ts";
import type { Shape } from "./shape-kit.ts";

/**
 * Sends a request whose answer streams as NDJSON (one JSON value a line, e.g. a rollback's progress),
 * hands each line that passes `line` to `onLine` while `current()` holds, and resolves when the stream
 * ends. Never throws: a refused request, a broken connection or a line in an unknown shape is a failure.
 */
export async function streamApi<T>(
  path: string,
  line: Shape<T>,
  init: RequestInit,
  onLine: (value: T) => void,
  current: () => boolean = () => true,
): Promise<{ ok: true } | ApiFailure> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: "application/x-ndjson", ...init.headers } });
  } catch {
    return { ok: false, kind: "unreachable", code: "network", message: "The request did not reach the runbook API." };
  }
  if (!res.ok || !res.body) return failureFrom(res, await res.json().catch(() => null));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += value ?? "";
      const lines = buffer.split("\n");
      buffer = done ? "" : (lines.pop() ?? "");
      for (const text of lines) {
        if (!text.trim()) continue;
        let parsed: ReturnType<Shape<T>["safeParse"]>;
        try {
          parsed = line.safeParse(JSON.parse(text));
        } catch {
          parsed = { success: false };
        }
        if (!parsed.success) return unexpectedShape(res, "streamed a line");
        if (current()) onLine(parsed.data);
      }
      if (done) return { ok: true };
    }
  } catch {
    return {
      ok: false,
      kind: "unreachable",
      status: res.status,
      code: "network",
      message: "The connection to the runbook API broke before the answer ended.",
    };
  }
}
