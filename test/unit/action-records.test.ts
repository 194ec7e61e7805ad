/**
 * Where a rollback lands in the deployment history, over real SQLite with the project's migrations:
 * on the deployment it undoes (by Pages id or commit, never the newest record), "rolled back" only
 * when the read-back says the switch happened, and by whom and when the latest switch was.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionRecordInput, recordOnDeployment } from "../../src/server/history/action-records.ts";
import { type LocalD1, localD1 } from "./support/d1.ts";

const LIVE = "54035b6012345678901234567890123456789012";
let db: LocalD1;

beforeEach(() => {
  db = localD1();
});
afterEach(() => db.close());

function deployment(commit: string, status: string, startedAt: string): number {
  const [row] = db.query<{ id: number }>(
    `INSERT INTO deployments (environment, target_commit, started_by, started_at, status, finished_by, finished_at)
     VALUES ('demo', ?, 'ana@dashtray.example', ?, ?, CASE WHEN ? = 'in_progress' THEN NULL ELSE 'ana@dashtray.example' END, CASE WHEN ? = 'in_progress' THEN NULL ELSE ? END)
     RETURNING id`,
    commit,
    startedAt,
    status,
    status,
    status,
    startedAt,
  );
  if (!row) throw new Error("no deployment inserted");
  return row.id;
}

const record = (id: number) =>
  db.query<{
    status: string;
    finished_by: string | null;
    finished_at: string | null;
    pages_deployment_id: string | null;
  }>("SELECT status, finished_by, finished_at, pages_deployment_id FROM deployments WHERE id = ?", id)[0];
const notes = (id: number) =>
  db.query<{ text: string; actor: string; author_kind: string }>(
    "SELECT text, actor, author_kind FROM notes WHERE deployment_id = ? ORDER BY id",
    id,
  );

function action(actionId: number, actor: string, switched: boolean | null): ActionRecordInput {
  return {
    environment: "demo",
    actionId,
    undoes: { pagesId: "pages-live-1", commit: LIVE.slice(0, 7) },
    switched,
    text: `Pages rollback ${actionId} by ${actor}`,
    actor,
  };
}

describe("recordOnDeployment", () => {
  it("marks the deployment it undoes, not the newest record, and keeps the note", async () => {
    const live = deployment(LIVE, "succeeded", "2026-12-01T10:00:00.000Z");
    const newer = deployment("1111111111111111111111111111111111111111", "in_progress", "2026-12-01T11:00:00.000Z");
    const at = "2026-12-01T12:00:00.000Z";
    expect(await recordOnDeployment(db, action(1, "local", true), at)).toBe(live);
    expect(record(live)).toEqual({
      status: "rolled_back",
      finished_by: "local",
      finished_at: at,
      pages_deployment_id: "pages-live-1",
    });
    expect(notes(live)).toEqual([{ text: "Pages rollback 1 by local", actor: "local", author_kind: "runbook" }]);
    expect(record(newer)?.status).toBe("in_progress");
    expect(notes(newer)).toEqual([]);
  });

  it.each([false, null])(
    "a switch read back as %s changes no status, and still notes what was pressed",
    async (switched) => {
      const live = deployment(LIVE, "succeeded", "2026-12-01T10:00:00.000Z");
      expect(await recordOnDeployment(db, action(1, "local", switched), "2026-12-01T12:00:00.000Z")).toBe(live);
      expect(record(live)).toMatchObject({ status: "succeeded", finished_by: "ana@dashtray.example" });
      expect(notes(live)).toHaveLength(1);
    },
  );

  it("rolled back again after it was live again: the latest rollback is who and when, each keeps its note", async () => {
    const live = deployment(LIVE, "succeeded", "2026-12-01T10:00:00.000Z");
    await recordOnDeployment(db, action(1, "service:runbook-watch", true), "2026-12-01T12:00:00.000Z");
    expect(record(live)).toMatchObject({
      finished_by: "service:runbook-watch",
      finished_at: "2026-12-01T12:00:00.000Z",
    });
    await recordOnDeployment(db, action(2, "local", true), "2026-12-01T13:00:00.000Z");
    expect(record(live)).toMatchObject({
      status: "rolled_back",
      finished_by: "local",
      finished_at: "2026-12-01T13:00:00.000Z",
    });
    // A later press that did not switch leaves the last switch's who and when.
    await recordOnDeployment(db, action(3, "bo@dashtray.example", false), "2026-12-01T14:00:00.000Z");
    expect(record(live)).toMatchObject({ finished_by: "local", finished_at: "2026-12-01T13:00:00.000Z" });
    expect(notes(live).map((n) => n.actor)).toEqual(["service:runbook-watch", "local", "bo@dashtray.example"]);
  });

  it("with no record of what it undid: records one when it switched, writes nowhere when it did not", async () => {
    const other = deployment("2222222222222222222222222222222222222222", "succeeded", "2026-12-01T10:00:00.000Z");
    expect(await recordOnDeployment(db, action(1, "local", false), "2026-12-01T12:00:00.000Z")).toBeNull();
    const made = await recordOnDeployment(db, action(2, "local", true), "2026-12-01T12:00:00.000Z");
    expect(made).not.toBe(other);
    expect(record(made ?? 0)).toMatchObject({ status: "rolled_back", finished_by: "local" });
    expect(notes(other)).toEqual([]);
  });
});
