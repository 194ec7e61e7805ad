/**
 * @module
 * The audit row of an action press (kind `rollback-action`), written once per press whatever happens;
 * a failed write is logged, never thrown, so the action's own outcome is still told.
 */
import { writeAudit } from "../history/audit-store.ts";
import type { D1Database } from "../history/d1.ts";
import type { AuditAction } from "./types.ts";

/** An audit writer for one press, started at `startedMs`, by `actor`, in `environment`. */
export function actionAudit(options: {
  db: () => D1Database | undefined;
  environment: string;
  actor: string;
  startedMs: number;
  retentionDays: number;
}): AuditAction {
  const { environment, actor, startedMs } = options;
  return (outcome, status, target, detail) => {
    const db = options.db();
    if (!db) return Promise.resolve();
    return writeAudit(
      db,
      {
        at: new Date(startedMs).toISOString(),
        actor,
        environment,
        kind: "rollback-action",
        target,
        outcome,
        httpStatus: status,
        durationMs: Date.now() - startedMs,
        detail,
      },
      options.retentionDays,
    ).catch((error: unknown) => console.error(`[actions] audit not recorded: ${(error as Error).message}`));
  };
}
