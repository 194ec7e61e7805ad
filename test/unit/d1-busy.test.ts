/**
 * The D1 wrapper that retries SQLITE_BUSY (two local workerd processes share one SQLite file): a busy
 * statement runs again until it goes through, any other failure is thrown at once, and a batch is
 * retried as a whole.
 */
import { describe, expect, it } from "vitest";
import { retryBusy } from "../../src/server/history/busy.ts";
import type { D1Database, D1PreparedStatement } from "../../src/server/history/d1.ts";

function flakyDatabase(failures: string[]) {
  const calls: string[] = [];
  const next = async <T>(what: string, value: T) => {
    calls.push(what);
    const failure = failures.shift();
    if (failure) throw new Error(failure);
    return value;
  };
  const statement = (query: string, values: unknown[] = []): D1PreparedStatement => ({
    bind: (...more) => statement(query, [...values, ...more]),
    first: <T>() => next(`first ${query} ${values.join(",")}`, { ok: 1 } as T),
    all: <T>() => next(`all ${query}`, { results: [] as T[], success: true, meta: {} }),
    run: <T>() => next(`run ${query}`, { results: [] as T[], success: true, meta: {} }),
  });
  const db: D1Database = {
    prepare: (query) => statement(query),
    batch: <T>(list: D1PreparedStatement[]) => next(`batch ${list.length}`, [] as never as T[]) as never,
  };
  return { db, calls };
}

describe("retryBusy", () => {
  it("runs a busy statement again, with its bound values, until it goes through", async () => {
    const { db, calls } = flakyDatabase(["D1_ERROR: database is locked: SQLITE_BUSY", "SQLITE_BUSY"]);
    expect(await retryBusy(db).prepare("SELECT ?1").bind(7).first()).toEqual({ ok: 1 });
    expect(calls).toEqual(["first SELECT ?1 7", "first SELECT ?1 7", "first SELECT ?1 7"]);
  });

  it("throws any other failure at once", async () => {
    const { db, calls } = flakyDatabase(["D1_ERROR: no such table: monitor_watches"]);
    await expect(retryBusy(db).prepare("SELECT 1").all()).rejects.toThrow("no such table");
    expect(calls).toHaveLength(1);
  });

  it("retries a batch of its own statements as a whole, and wraps a binding once", async () => {
    const { db, calls } = flakyDatabase(["SQLITE_BUSY"]);
    const retried = retryBusy(db);
    expect(retryBusy(db)).toBe(retried);
    await retried.batch([retried.prepare("UPDATE a"), retried.prepare("UPDATE b")]);
    expect(calls).toEqual(["batch 2", "batch 2"]);
  });
});
