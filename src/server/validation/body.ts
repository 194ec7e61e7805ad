/**
 * @module
 * Request bodies: refused where a route takes none, bounded where it takes one, and read as JSON only
 * when sent as JSON and valid UTF-8.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiFailure } from "../errors.ts";

/** The largest JSON body a route accepts unless it says otherwise (the demo switch sends well under 200 bytes). */
export const MAX_JSON_BODY_BYTES = 4096;

/**
 * Runs take no body: anything sent is refused rather than ignored, so nothing from a caller can steer a
 * probe. Reads at most the first chunk of a body without a length, never the whole of it.
 */
export async function refuseBody(c: Context): Promise<void> {
  const length = Number(c.req.header("content-length") ?? "0");
  let sent = length !== 0;
  if (!sent && c.req.raw.body !== null) {
    const reader = c.req.raw.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.byteLength > 0) {
          sent = true;
          break;
        }
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
  if (sent)
    throw new ApiFailure(
      400,
      "invalid_request",
      "this endpoint takes no request body: checks are defined in runbook.config.json only",
    );
}

/**
 * Refuses a body over `maxBytes` with 413 before reading it (by its Content-Length) or as soon as it
 * grows past the limit (a body without a length). Put it in front of every route that reads a body.
 */
export function limitBody(maxBytes = MAX_JSON_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiFailure(413, "body_too_large", `request body is over ${maxBytes} bytes`);
    },
  });
}

/** `application/json` or a `+json` type, parameters aside: what Hono's `validator("json")` reads. */
function isJson(contentType: string): boolean {
  const media = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^application\/([\w.-]+\+)?json$/.test(media);
}

/** The body as JSON, unvalidated: 415 when not sent as JSON, 413 over `maxBytes`, 400 when not JSON or not UTF-8. */
export async function readJson(c: Context, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  if (!isJson(c.req.header("content-type") ?? ""))
    throw new ApiFailure(415, "unsupported_media_type", 'send the body as "content-type: application/json"');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes)
    throw new ApiFailure(413, "body_too_large", `request body is over ${maxBytes} bytes`);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ApiFailure(400, "invalid_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
}
