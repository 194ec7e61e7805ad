/**
 * The audit log's list over real SQLite with the project's migrations: newest first by when each run
 * started, whatever order the rows were written in (a run's row is written after its answer), and
 * paged by a row's id without a row skipped or shown twice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AuditRecord, listAudit, writeAudit } from "../../src/server/history/audit-store.ts";
import { type LocalD1, localD1 } from "./support/d1.ts";

let db: LocalD1;

beforeEach(() => {
  db = localD1();
});
afterEach(() => db.close());

const run = (at: string, target: string, kind: AuditRecord["kind"] = "check"): AuditRecord => ({
  at,
  actor: "ana@dashtray.example",
  environment: "demo",
  kind,
  target,
  outcome: "pass",
  httpStatus: 200,
  durationMs: 12,
});

async function write(...records: AuditRecord[]) {
  // The clock of the prune stays at the rows' own day, so nothing written here is past its keep.
  for (const record of records) await writeAudit(db, record, 90, Date.parse("2026-12-01T12:00:00.000Z"));
}

describe("listAudit", () => {
  it("lists by when the run started, not by when its row was written", async () => {
    // A rollback started first and took 30 s; two checks started after it and were written before it.
    await write(
      run("2026-12-01T10:00:05.000Z", "homepage"),
      run("2026-12-01T10:00:10.000Z", "api-health"),
      run("2026-12-01T10:00:00.000Z", "54035b60", "rollback-action"),
    );
    const { entries, next } = await listAudit(db, { limit: 10 });
    expect(entries.map((e) => e.target)).toEqual(["api-health", "homepage", "54035b60"]);
    expect(next).toBeNull();
  });

  it("pages by a row's id through rows written out of order and rows of the same instant, each once", async () => {
    const at = (s: number) => `2026-12-01T10:00:${String(s).padStart(2, "0")}.000Z`;
    // Written in a shuffled order, with three rows sharing one instant.
    const seconds = [7, 3, 9, 3, 1, 8, 3, 2, 6, 5, 4, 0];
    await write(...seconds.map((s, i) => run(at(s), `check-${i}`)));
    const seen: string[] = [];
    let before: number | undefined;
    for (let page = 0; page < 10; page++) {
      const { entries, next } = await listAudit(db, { limit: 5, before });
      seen.push(...entries.map((e) => `${e.at.slice(17, 19)}:${e.target}`));
      if (next === null) break;
      before = next;
    }
    const expected = seconds
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || b.i - a.i)
      .map(({ s, i }) => `${String(s).padStart(2, "0")}:check-${i}`);
    expect(seen).toEqual(expected);
  });

  it("goes on from a cursor whose row was pruned meanwhile, by id", async () => {
    await write(
      run("2026-12-01T10:00:00.000Z", "a"),
      run("2026-12-01T10:00:01.000Z", "b"),
      run("2026-12-01T10:00:02.000Z", "c"),
    );
    const first = await listAudit(db, { limit: 1 });
    expect(first.entries.map((e) => e.target)).toEqual(["c"]);
    db.query("DELETE FROM audit WHERE id = ? RETURNING id", first.next ?? 0);
    const rest = await listAudit(db, { limit: 10, before: first.next ?? 0 });
    expect(rest.entries.map((e) => e.target)).toEqual(["b", "a"]);
  });

  it("keeps its filters with the cursor", async () => {
    await write(
      run("2026-12-01T10:00:00.000Z", "a"),
      run("2026-12-01T10:00:01.000Z", "b", "verify-all"),
      run("2026-12-01T10:00:02.000Z", "c"),
      run("2026-12-01T10:00:03.000Z", "d"),
    );
    const first = await listAudit(db, { kind: "check", limit: 1 });
    const rest = await listAudit(db, { kind: "check", limit: 10, before: first.next ?? 0 });
    expect([...first.entries, ...rest.entries].map((e) => e.target)).toEqual(["d", "c", "a"]);
  });
});
