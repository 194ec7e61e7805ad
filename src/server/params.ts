import type { Context } from "hono";
import type { z } from "zod";
import { ApiFailure } from "./errors.ts";

const slug = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Reads the required `env` query parameter; a malformed one is a 400 that names it. */
export function envParam(c: Context): string {
  const values = c.req.queries("env") ?? [];
  if (values.length === 0) throw new ApiFailure(400, "invalid_parameter", 'query parameter "env" is required, e.g. ?env=demo');
  if (values.length > 1) throw new ApiFailure(400, "invalid_parameter", 'query parameter "env" was given more than once');
  const value = values[0] ?? "";
  if (!slug.test(value))
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter "env" must be an environment id such as "production", got ${JSON.stringify(value.slice(0, 64))}`,
    );
  return value;
}

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

/** Runs take no body: anything sent is refused rather than ignored, so nothing from a caller can steer a probe. */
export async function refuseBody(c: Context): Promise<void> {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > 0 || (c.req.raw.body !== null && (await c.req.raw.clone().arrayBuffer()).byteLength > 0))
    throw new ApiFailure(400, "invalid_request", "this endpoint takes no request body: checks are defined in runbook.config.json only");
}

/** Parses a small JSON body against a schema; errors name the field. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T, maxBytes = 4096): Promise<z.output<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/json"))
    throw new ApiFailure(415, "unsupported_media_type", 'send the body as "content-type: application/json"');
  const text = await c.req.text();
  if (text.length > maxBytes) throw new ApiFailure(413, "body_too_large", `request body is over ${maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
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
