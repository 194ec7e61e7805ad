/**
 * @module
 * The watch's automatic rollback (opt-in per environment: `analysis.autoRollback`): on the verdict
 * "roll back recommended", the guarded Pages rollback to the last good deployment, pressed by the
 * watch's own identity (on the allow-list), audited, read back and verified like any press
 * (`actions/automatic.ts`). It runs once per watch: the verdict it keys on is recorded once.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { rollbackPagesAutomatically } from "../actions/automatic.ts";
import type { Env } from "../env.ts";
import type { D1Database } from "../history/d1.ts";
import { retentionDays } from "../middleware/audit.ts";
import type { Runtime } from "../runtime.ts";

/** Rolls back if the environment opted in; one sentence of what happened, or undefined when it is off. */
export async function rollBackOnVerdict(
  runtime: Runtime,
  environment: ResolvedEnvironment,
  bindings: Env,
  db: D1Database,
  reason: string,
): Promise<string | undefined> {
  const auto = environment.analysis.autoRollback;
  if (!auto.enabled) return undefined;
  const done = await rollbackPagesAutomatically({
    runtime,
    env: environment,
    bindings,
    db,
    actor: auto.identity,
    reason,
    retentionDays: retentionDays(bindings.RUNBOOK_AUDIT_RETENTION_DAYS),
  });
  if ("refused" in done) return `Automatic rollback refused, nothing changed: ${done.refused.message}`;
  const result = done.result;
  return result.type === "result"
    ? `Automatic rollback by ${auto.identity}: ${result.headline}`
    : `Automatic rollback by ${auto.identity}: ${result.type}`;
}
