/**
 * @module
 * Limits runs per client: 429 with Retry-After once a client has used its runs for the minute.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app.ts";
import { ApiFailure } from "../errors.ts";

/** Who is asking: the Access identity when there is one, else the connecting address. */
export function clientKey(headers: { get(name: string): string | null | undefined }): string {
  return headers.get("cf-access-authenticated-user-email") ?? headers.get("cf-connecting-ip") ?? "local";
}

export function limitRuns(): MiddlewareHandler<AppEnv> {
  return async function limitRunsHandler(c, next) {
    const waitMs = await c.get("runtime").limiter.take(clientKey(c.req.raw.headers));
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ApiFailure(429, "rate_limited", `too many runs from you in the last minute; try again in ${seconds} s`, {
        "retry-after": String(seconds),
      });
    }
    await next();
  };
}
