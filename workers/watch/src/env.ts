import type { Env } from "../../../src/server/env.ts";
import type { DurableObjectNamespace } from "./durable.ts";

/**
 * The Worker's bindings: those of the Pages Function it shares (config-named tokens, `RUNBOOK_DB`,
 * `RUNBOOK_DEMO_ORIGIN` locally) plus its own Durable Object namespaces.
 */
export interface WatchEnv extends Env {
  WATCH_CLOCKS: DurableObjectNamespace;
  CHECK_RUNNERS: DurableObjectNamespace;
}
