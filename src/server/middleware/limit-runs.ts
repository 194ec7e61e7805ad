/**
 * @module
 * Limits per client: 429 with Retry-After once a client has used its runs (what reaches a target) or
 * its writes (what lands in D1) for the minute. Refusals are counted in the audit log as one row per
 * person and minute (`countRefusal`), never one row each, so a flood of 429s does not grow D1.
 */

import type { Context, MiddlewareHandler } from "hono";
import { ApiFailure } from "../errors.ts";
import { countRefusal } from "../history/audit-store.ts";
import { historyDatabase, isDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import type { RateLimiter } from "../lib/rate-limit.ts";
import type { AppEnv } from "../types.ts";
import type { AccessIdentity } from "./access/index.ts";
import { noted } from "./reference.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Who is asking: the identity the access middleware verified; else (Access off) the address Cloudflare
 * saw, only when the request really came through Cloudflare's edge, which sets `CF-Connecting-IP` itself
 * (a client's own is overwritten); else `local`. Locally, `wrangler pages dev` passes a client's
 * `CF-Connecting-IP` through and gives every request a placeholder `request.cf`, and with Access off only
 * loopback names are answered: so a request without `request.cf`, or to a loopback name, is this machine.
 * Never the raw `cf-access-authenticated-user-email` header: any client can send one.
 */
export function clientKey(identity: AccessIdentity | null | undefined, request: Request): string {
  if (identity) return "email" in identity ? `user:${identity.email}` : `service:${identity.commonName}`;
  const ip = throughCloudflare(request) ? request.headers.get("cf-connecting-ip") : null;
  return ip ? `ip:${ip}` : "local";
}

function throughCloudflare(request: Request): boolean {
  const cf = (request as Request & { cf?: unknown }).cf;
  return typeof cf === "object" && cf !== null && !LOOPBACK.has(new URL(request.url).hostname);
}

/**
 * What a request weighs against the runs limit: the probes it will cause (default 1). A reused answer
 * or one joining a run in flight causes none, so it weighs 0 and is never refused.
 */
export type Weigh = (c: Context<AppEnv>) => number | Promise<number>;

/** Runs: 429 `rate_limited` past `RUNBOOK_RUNS_PER_MINUTE` probes a minute. */
export function limitRuns(weigh?: Weigh): MiddlewareHandler<AppEnv> {
  return noted(
    async function limitRunsHandler(c, next) {
      const weight = (await weigh?.(c)) ?? 1;
      if (weight > 0) await take(c, c.get("runtime").limiter, weight, "runs");
      await next();
    },
    { rateLimited: true },
  );
}

/** Writes: 429 `rate_limited` past `RUNBOOK_WRITES_PER_MINUTE` writes a minute (notes, ticks, starts, monitor starts...). */
export function limitWrites(): MiddlewareHandler<AppEnv> {
  return noted(
    async function limitWritesHandler(c, next) {
      await take(c, c.get("runtime").writeLimiter, 1, "writes");
      await next();
    },
    { rateLimited: true },
  );
}

async function take(c: Context<AppEnv>, limiter: RateLimiter, weight: number, what: "runs" | "writes") {
  const waitMs = await limiter.take(clientKey(c.get("identity"), c.req.raw), weight);
  if (waitMs <= 0) return;
  recordRefusal(c, what);
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new ApiFailure(429, "rate_limited", `too many ${what} from you in the last minute; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
}

let warned = false;

/** Counts the refusal in this person's row of the minute; never holds up or fails the answer. */
function recordRefusal(c: Context<AppEnv>, what: "runs" | "writes"): void {
  if (!isDatabase(c.env?.RUNBOOK_DB)) return;
  const env = c.req.query("env");
  const pending = (async () => {
    try {
      await countRefusal(await historyDatabase(c.env?.RUNBOOK_DB), {
        at: new Date().toISOString(),
        actor: actorOf(c.get("identity")),
        environment: env && /^[a-z0-9][a-z0-9-]{0,62}$/.test(env) ? env : null,
        limit: what,
      });
    } catch (error) {
      if (!warned) console.error(`[audit] refusal not counted: ${(error as Error).message}`);
      warned = true;
    }
  })();
  try {
    c.executionCtx.waitUntil(pending);
  } catch {
    // No execution context (Node, app.request): the count finishes on its own.
  }
}
