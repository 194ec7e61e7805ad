/**
 * @module
 * One mapping from a zod failure to the API's 400 `{ error: { code, message } }`, naming the field:
 * `field: ...` for a body, `query parameter "name": ...` for a query, `path parameter "name" ..., got "..."`
 * for a path.
 */
import type { z } from "zod";
import { ApiFailure } from "../errors.ts";

/** Where the refused value came from. */
export type Place = "body" | "query" | "path";

/** The 400 for the first issue of `error`; `raw` is what was parsed (a path names the value it got). */
export function invalidInput(error: z.ZodError, place: Place, raw?: unknown): ApiFailure {
  const issue = error.issues[0];
  const field = issue?.path.join(".") ?? "";
  const message = issue?.message ?? "invalid";
  if (place === "body") return new ApiFailure(400, "invalid_request", `${field || "body"}: ${message}`);
  if (place === "query")
    return new ApiFailure(400, "invalid_parameter", `query parameter "${field || "?"}": ${message}`);
  const got = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[field] : undefined;
  return new ApiFailure(
    400,
    "invalid_parameter",
    `path parameter "${field}" ${message}, got ${JSON.stringify(String(got ?? "").slice(0, 64))}`,
  );
}

/** Parses `raw` against `schema`, or throws the 400 naming what was wrong. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown, place: Place): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error, place, raw);
  return parsed.data;
}
