/**
 * @module
 * The types every route and middleware share, in a module that imports only types and is imported
 * by the app, never the other way round (Hono keeps its own in `src/types.ts` the same way), so no
 * file needs the app's entry for a type and `src/server` has no import circles.
 */
import type { ResolvedEnvironment } from "../core/config/load.ts";
import type { Env } from "./env.ts";
import type { AccessVariables } from "./middleware/access/index.ts";
import type { Runtime } from "./runtime.ts";

/** What `environmentParam()` adds to the context. */
export interface EnvironmentVariables {
  environment: ResolvedEnvironment;
}

/** Set on every request by the app: the runtime as this request (one invocation) sees it. */
export interface RuntimeVariables {
  runtime: Runtime;
}

/** `environment` is set by `environmentParam()` on the routes that take `?env=`. */
export type AppEnv = {
  Bindings: Env;
  Variables: RuntimeVariables & AccessVariables & EnvironmentVariables;
};
