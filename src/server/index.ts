/**
 * @module
 * The entry the Pages Function (or a Worker) calls: builds the app from the config and the bindings
 * on an isolate's first request (again only if those bindings change), or an app that explains why
 * the config is unusable.
 */

import { Hono } from "hono";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { ConfigError } from "../core/config/errors.ts";
import { loadConfig } from "../core/config/load.ts";
import { answerErrors, apiDoor, createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { errorBody } from "./errors.ts";
import { useRetentionBindings } from "./history/retention.ts";
import { FREE_PLAN_CHECKS } from "./lib/invocation.ts";
import { scrubConsole, useSecrets } from "./lib/scrub.ts";
import type { AccessVariables } from "./middleware/access/index.ts";
import { createRuntime, type Runtime } from "./runtime.ts";

export type FetchHandler = (request: Request, env: Env, ctx: unknown) => Response | Promise<Response>;

/**
 * The handler of `/api/*` requests for a configuration: the app is built on first use (or an app that
 * answers `config_invalid`) and reused while RUNBOOK_DEMO_ORIGIN and the limits stay the same. The
 * bench builds one for a configuration of its own.
 */
export function apiRequestHandler(config: unknown): FetchHandler {
  let cached: { key: string; handler: FetchHandler } | undefined;
  return function answer(request, env, ctx) {
    const key = [
      env.RUNBOOK_DEMO_ORIGIN,
      env.RUNBOOK_RUNS_PER_MINUTE,
      env.RUNBOOK_WRITES_PER_MINUTE,
      env.RUNBOOK_REUSE_SECONDS,
      env.RUNBOOK_INVOCATION_SUBREQUESTS,
      env.RUNBOOK_INVOCATION_CHECKS,
    ].join("|");
    if (!cached || cached.key !== key) {
      useSecrets(env as Record<string, unknown>);
      useRetentionBindings(env as Record<string, unknown>);
      scrubConsole();
      cached = { key, handler: build(config, env) };
    }
    return cached.handler(request, env, ctx);
  };
}

/** Answers one `/api/*` request with the runbook API of `runbook.config.json` for these bindings. */
export const answerApiRequest: FetchHandler = apiRequestHandler(rawConfig);

function build(config: unknown, env: Env): FetchHandler {
  try {
    const app = createApp(runtimeFor(env, config));
    return (request, bindings, ctx) => app.fetch(request, bindings, ctx as never);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    // Through the same door as every answer: only a verified reader (or a local one) learns what is wrong.
    const broken = answerErrors(apiDoor(new Hono<{ Bindings: Env; Variables: AccessVariables }>().basePath("/api")));
    broken.all("*", (c) => c.json(errorBody("config_invalid", error.message), 500));
    return (request, bindings, ctx) => broken.fetch(request, bindings, ctx as never);
  }
}

/**
 * The runtime for these bindings: the config (with the demo where `RUNBOOK_DEMO_ORIGIN` is set), run
 * limits and the per-invocation limits. The watch Worker builds its runtime here too. Throws
 * `ConfigError` naming the field or binding.
 */
export function runtimeFor(env: Env, config: unknown = rawConfig): Runtime {
  const demoOrigin = env.RUNBOOK_DEMO_ORIGIN || undefined;
  return createRuntime({
    loaded: loadConfig(config, { demoOrigin }),
    demoOrigin,
    runsPerMinute: numberBinding("RUNBOOK_RUNS_PER_MINUTE", env.RUNBOOK_RUNS_PER_MINUTE, 60, 1, 100_000),
    writesPerMinute: numberBinding("RUNBOOK_WRITES_PER_MINUTE", env.RUNBOOK_WRITES_PER_MINUTE, 60, 1, 100_000),
    reuseMs: numberBinding("RUNBOOK_REUSE_SECONDS", env.RUNBOOK_REUSE_SECONDS, 5, 0, 300) * 1000,
    rateLimitBinding: env.RUNBOOK_RATE_LIMITER,
    limits: {
      subrequests: numberBinding("RUNBOOK_INVOCATION_SUBREQUESTS", env.RUNBOOK_INVOCATION_SUBREQUESTS, 50, 10, 10_000),
      checks: numberBinding("RUNBOOK_INVOCATION_CHECKS", env.RUNBOOK_INVOCATION_CHECKS, FREE_PLAN_CHECKS, 1, 1_000),
    },
  });
}

/** A numeric binding, validated like the config: a bad value names the variable. */
function numberBinding(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(name, [`${name}: expected a number from ${min} to ${max}, got "${raw}"`]);
  return value;
}
