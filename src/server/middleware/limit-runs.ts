/**
 * @module
 * Limits runs per client: 429 with Retry-After once a client has used its runs for the minute.
 */

import type { Context, MiddlewareHandler } from "hono";
import { ApiFailure } from "../errors.ts";
import type { AppEnv } from "../types.ts";
import type { AccessIdentity } from "./access/index.ts";
import { noted } from "./reference.ts";

/**
 * Who is asking: the identity the access middleware verified, else (Access off) the connecting
 * address. Never the raw `cf-access-authenticated-user-email` header: any client can send one.
 */
export function clientKey(
  identity: AccessIdentity | null | undefined,
  headers: { get(name: string): string | null | undefined },
): string {
  if (identity) return "email" in identity ? `user:${identity.email}` : `service:${identity.commonName}`;
  return `ip:${headers.get("cf-connecting-ip") ?? "local"}`;
}

/** `weigh` says how many runs a request counts for (default 1); verify-all counts the probes it will cause. */
export function limitRuns(weigh?: (c: Context<AppEnv>) => number): MiddlewareHandler<AppEnv> {
  return noted(
    async function limitRunsHandler(c, next) {
      const waitMs = await c
        .get("runtime")
        .limiter.take(clientKey(c.get("identity"), c.req.raw.headers), weigh?.(c) ?? 1);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new ApiFailure(
          429,
          "rate_limited",
          `too many runs from you in the last minute; try again in ${seconds} s`,
          {
            "retry-after": String(seconds),
          },
        );
      }
      await next();
    },
    { rateLimited: true },
  );
}
