/**
 * @module
 * The Worker's runtime, built the way the Pages Function builds its own (`runtimeFor` in src/server):
 * the same config, limits and secret scrubber, once per isolate (again only if the bindings change).
 */
import { runtimeFor } from "../../../src/server/index.ts";
import { scrubConsole, useSecrets } from "../../../src/server/lib/scrub.ts";
import type { Runtime } from "../../../src/server/runtime.ts";
import type { WatchEnv } from "./env.ts";

let cached: { key: string; runtime: Runtime } | undefined;

export function watchRuntime(env: WatchEnv): Runtime {
  const key = [env.RUNBOOK_DEMO_ORIGIN, env.RUNBOOK_INVOCATION_SUBREQUESTS, env.RUNBOOK_INVOCATION_CHECKS].join("|");
  if (!cached || cached.key !== key) {
    useSecrets(env as unknown as Record<string, unknown>);
    scrubConsole();
    cached = { key, runtime: runtimeFor(env) };
  }
  return cached.runtime;
}
