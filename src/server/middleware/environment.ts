/**
 * @module
 * Resolves the `?env=` query parameter once per request and puts the environment on the context
 * (`c.get("environment")`), so routes never look it up themselves. A route with more query parameters
 * passes their schema; `c.req.valid("query")` then holds them all.
 */
import { validator } from "hono/validator";
import { z } from "zod";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { ApiFailure } from "../errors.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { readEnvironmentQuery } from "../validation/index.ts";
import { noted } from "./reference.ts";

const ONLY_ENV = z.object({});

/**
 * Requires `?env=` naming a configured environment: 400 `invalid_parameter` for a missing, repeated or
 * malformed one (or any parameter outside `schema`: `url`, `target`, `host`... are refused by name
 * rather than silently ignored, so a caller never believes it steered a probe), then the others against
 * `schema`, then 404 `unknown_environment` naming the ones that exist.
 */
export function environmentParam<T extends z.ZodObject = typeof ONLY_ENV>(schema?: T) {
  const handler = validator("query", function environmentParamHandler(value, c) {
    const query = readEnvironmentQuery(value, schema ?? ONLY_ENV);
    const runtime = (c.var as AppEnv["Variables"]).runtime;
    c.set("environment", findEnvironment(runtime, query.env));
    return query as z.output<T> & { env: string };
  });
  return noted(handler, { environment: true });
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
