/**
 * @module
 * Resolves the `?env=` query parameter once per request and puts the environment on the context
 * (`c.get("environment")`), so routes never look it up themselves.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { AppEnv } from "../app.ts";
import { ApiFailure } from "../errors.ts";
import type { Runtime } from "../runtime.ts";

/** What the middleware adds to the context. */
export interface EnvironmentVariables {
  environment: ResolvedEnvironment;
}

const slug = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Requires `?env=` naming a configured environment: 400 `invalid_parameter` for a missing, repeated or
 * malformed one (or any other query parameter), 404 `unknown_environment` naming the ones that exist.
 */
export function environmentParam(): MiddlewareHandler<AppEnv> {
  return async function environmentParamHandler(c, next) {
    c.set("environment", findEnvironment(c.get("runtime"), envParam(c)));
    await next();
  };
}

/**
 * Reads the required `env` query parameter; a malformed one is a 400 that names it. Every route that
 * takes `env` takes nothing else in its query: any other parameter (`url`, `target`, `host`...) is a
 * 400 naming it rather than silently ignored, so a caller never believes it steered a probe.
 */
function envParam(c: Context): string {
  const unknown = [...new URL(c.req.url).searchParams.keys()].find((name) => name !== "env");
  if (unknown !== undefined)
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter ${JSON.stringify(unknown.slice(0, 64))} is not accepted here (only "env"): checks are defined in runbook.config.json only`,
    );
  const values = c.req.queries("env") ?? [];
  if (values.length === 0)
    throw new ApiFailure(400, "invalid_parameter", 'query parameter "env" is required, e.g. ?env=demo');
  if (values.length > 1)
    throw new ApiFailure(400, "invalid_parameter", 'query parameter "env" was given more than once');
  const value = values[0] ?? "";
  if (!slug.test(value))
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter "env" must be an environment id such as "production", got ${JSON.stringify(value.slice(0, 64))}`,
    );
  return value;
}

/** The environment named by a validated `env` parameter, or a 404 naming the ones that exist (routes with more query parameters than `env` call it after validating their own). */
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
