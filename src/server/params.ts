import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { ApiFailure } from "./errors.ts";

const slug = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Reads the `:id` path parameter of a check. */
export function checkIdParam(c: Context): string {
  const value = c.req.param("id") ?? "";
  if (!slug.test(value))
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `path parameter "id" must be a check id such as "app-health", got ${JSON.stringify(value.slice(0, 64))}`,
    );
  return value;
}

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

/** The largest JSON body any route accepts (the demo switch sends well under 200 bytes). */
export const MAX_JSON_BODY_BYTES = 4096;

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

/** Parses a small JSON body against a schema; errors name the field. */
export async function jsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<z.output<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/json"))
    throw new ApiFailure(415, "unsupported_media_type", 'send the body as "content-type: application/json"');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes)
    throw new ApiFailure(413, "body_too_large", `request body is over ${maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ApiFailure(400, "invalid_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join(".") : "body";
    throw new ApiFailure(400, "invalid_request", `${field}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
