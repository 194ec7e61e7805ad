/**
 * @module
 * Where an action lands in the deployment history: on the deployment it undoes, found by the live
 * Pages deployment's id or its commit (never by recency), whose status becomes "rolled back" (who,
 * when, and the why in the runbook's note) once the read-back says the switch happened; a later switch
 * away from it again (it was live again) is the who and when from then on. When no
 * recorded deployment matches, one is recorded for it rather than writing into an unrelated record.
 */
import type { D1Database } from "./d1.ts";
import { addNote } from "./deployments-store.ts";

export interface ActionRecordInput {
  environment: string;
  actionId: number;
  /** What the action undoes: the Pages deployment that was live, and/or the commit it (or Convex) ran. */
  undoes: { pagesId?: string | undefined; commit?: string | undefined; createdOn?: string | undefined };
  /** The read-back: the switch happened, did not, or could not be told. */
  switched: boolean | null;
  /** The runbook's note: what was pressed, by whom, why, and what was read back. */
  text: string;
  actor: string;
}

/** The key of an action's note: of a form reader keys (letters, digits, `-`, `_`) cannot take. */
export const runbookNoteKey = (actionId: number) => `runbook:action:${actionId}`;

/** Records the action on its deployment; the record's id, or null when none matches and nothing switched. */
export async function recordOnDeployment(
  db: D1Database,
  input: ActionRecordInput,
  now: string,
): Promise<number | null> {
  const { pagesId, commit } = input.undoes;
  const found = await db
    .prepare(
      `SELECT id FROM deployments WHERE environment = ?1 AND (
         (?2 IS NOT NULL AND pages_deployment_id = ?2)
         OR (?3 IS NOT NULL AND length(target_commit) >= 7 AND (?3 LIKE target_commit || '%' OR target_commit LIKE ?3 || '%')))
       ORDER BY COALESCE(pages_deployment_id = ?2, 0) DESC, status = 'in_progress' DESC, started_at DESC, id DESC LIMIT 1`,
    )
    .bind(input.environment, pagesId ?? null, commit?.toLowerCase() ?? null)
    .first<{ id: number }>();
  let id = found?.id ?? null;
  if (id === null) {
    if (input.switched !== true) return null;
    const created = await db
      .prepare(
        `INSERT INTO deployments (environment, target_commit, started_by, started_at, status, finished_by, finished_at, pages_deployment_id)
         VALUES (?1, ?2, ?3, ?4, 'rolled_back', ?3, ?5, ?6) RETURNING id`,
      )
      .bind(
        input.environment,
        commit ?? pagesId ?? "unknown",
        input.actor,
        input.undoes.createdOn || now,
        now,
        pagesId ?? null,
      )
      .first<{ id: number }>();
    if (!created) throw new Error("the deployment record for the action was not created");
    id = created.id;
  } else {
    // A switch read back says who undid this deployment and when: the latest one, when it had been
    // rolled back before and was live again (redeployed, rolled forward); each earlier one keeps its note.
    await db
      .prepare(
        `UPDATE deployments SET pages_deployment_id = COALESCE(pages_deployment_id, ?2),
           status = CASE WHEN ?3 = 1 THEN 'rolled_back' ELSE status END,
           finished_by = CASE WHEN ?3 = 1 THEN ?4 ELSE finished_by END,
           finished_at = CASE WHEN ?3 = 1 THEN ?5 ELSE finished_at END
         WHERE id = ?1`,
      )
      .bind(id, pagesId ?? null, input.switched === true ? 1 : 0, input.actor, now)
      .run();
  }
  await addNote(
    db,
    id,
    { text: input.text, idempotencyKey: runbookNoteKey(input.actionId) },
    input.actor,
    now,
    "runbook",
  );
  return id;
}
