/**
 * @module
 * A deployment's whole record for its export, read page by page (by id, oldest first) so a deployment
 * with thousands of notes or audited presses streams with one page in memory: the deployment, its ticks
 * (bounded by the cap), attached checks, audited Verify presses, notes, then its monitor watches with
 * their verdicts.
 */
import type { RecordPart } from "../../core/history/record-export.ts";
import type { AttachedCheck, SharedNote, SharedTick } from "../../core/history/schemas.ts";
import { verdict } from "../../core/monitor.ts";
import { deploymentMonitors } from "../monitor/index.ts";
import { CAPS } from "./caps.ts";
import type { D1Database } from "./d1.ts";
import {
  AUDITED_COLUMNS,
  AUDITED_FROM,
  CHECK_COLUMNS,
  findDeployment,
  NOTE_COLUMNS,
  TICKS,
} from "./deployments-store.ts";
import { EXPORT_PAGE } from "./export-stream.ts";

/** Rows of `sql` (which binds the deployment as ?1 and selects `rowId`) after `rowId` ?2, page by page. */
async function* ascending<T>(db: D1Database, id: number, sql: string): AsyncGenerator<(T & { rowId: number })[]> {
  let after = 0;
  for (;;) {
    const { results } = await db.prepare(`${sql} LIMIT ?3`).bind(id, after, EXPORT_PAGE).all<T & { rowId: number }>();
    if (results.length > 0) yield results;
    if (results.length < EXPORT_PAGE) return;
    after = results.at(-1)?.rowId ?? after;
  }
}

const withoutRowId = <T extends { rowId: number }>({ rowId: _rowId, ...rest }: T) => rest;

export async function* recordPages(db: D1Database, id: number): AsyncGenerator<RecordPart[]> {
  const deployment = await findDeployment(db, id);
  if (!deployment) return;
  yield [{ part: "deployment", deployment }];
  const { results: ticks } = await db
    .prepare(`${TICKS} ORDER BY at, checklist, item LIMIT ?2`)
    .bind(id, CAPS.ticks)
    .all<Omit<SharedTick, "ticked"> & { ticked: number }>();
  yield ticks.map((t) => ({ part: "tick", tick: { ...t, ticked: t.ticked === 1 } }));
  const attached = `SELECT id AS rowId, ${CHECK_COLUMNS} FROM check_results WHERE deployment_id = ?1 AND id > ?2 ORDER BY id`;
  for await (const page of ascending<AttachedCheck>(db, id, attached))
    yield page.map((check) => ({ part: "check", check: withoutRowId(check) }));
  const audited = `SELECT a.id AS rowId, ${AUDITED_COLUMNS} ${AUDITED_FROM} AND a.id > ?2 ORDER BY a.id`;
  for await (const page of ascending<AttachedCheck>(db, id, audited))
    yield page.map((check) => ({ part: "check", check: withoutRowId(check) }));
  const notes = `SELECT id AS rowId, ${NOTE_COLUMNS} FROM notes WHERE deployment_id = ?1 AND id > ?2 ORDER BY id`;
  for await (const page of ascending<SharedNote>(db, id, notes))
    yield page.map((note) => ({ part: "note", note: withoutRowId(note) }));
  const monitors = await deploymentMonitors(db, id);
  yield monitors.map(({ watch, samples }) => {
    const judged = verdict(watch, samples, Date.now(), (iso) => iso);
    return {
      part: "monitor",
      monitor: {
        watch: watch.id,
        startedAt: watch.startedAt,
        startedBy: watch.startedBy,
        samples: samples.length,
        verdict: judged?.state ?? "watching",
        text: judged?.text ?? `${samples.length} samples so far, none over the success criteria`,
      },
    };
  });
}
