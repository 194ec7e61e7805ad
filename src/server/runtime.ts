import type { FetchLike } from "../core/checks/probe.ts";
import type { LoadedConfig, ResolvedEnvironment } from "../core/config/load.ts";
import type { CheckResult } from "../core/result.ts";
import { ApiFailure } from "./errors.ts";
import { type Coalescer, coalescer } from "./lib/coalesce.ts";
import { type RateLimiter, rateLimiter } from "./lib/rate-limit.ts";

/** Everything the routes share for the life of an isolate. */
export interface Runtime {
  loaded: LoadedConfig;
  fetch: FetchLike;
  demoOrigin: string | undefined;
  results: Coalescer<CheckResult>;
  limiter: RateLimiter;
}

export interface RuntimeOptions {
  loaded: LoadedConfig;
  fetch?: FetchLike;
  demoOrigin?: string | undefined;
  /** How long a finished check answer is reused (default 5 s). */
  reuseMs?: number;
  /** Runs allowed per client per minute (default 60). */
  runsPerMinute?: number;
  now?: () => number;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const now = options.now ?? Date.now;
  return {
    loaded: options.loaded,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    demoOrigin: options.demoOrigin,
    results: coalescer<CheckResult>({ ttlMs: options.reuseMs ?? 5_000, now }),
    limiter: rateLimiter({ limit: options.runsPerMinute ?? 60, windowMs: 60_000, now }),
  };
}

/** The environment named by a validated `env` parameter, or a 404 naming the ones that exist. */
export function findEnvironment(runtime: Runtime, id: string): ResolvedEnvironment {
  const environment = runtime.loaded.environments.find((e) => e.id === id);
  if (!environment)
    throw new ApiFailure(
      404,
      "unknown_environment",
      `environment "${id}" is not configured here (available: ${runtime.loaded.environments.map((e) => e.id).join(", ") || "none"})`,
    );
  return environment;
}
