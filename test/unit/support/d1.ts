/**
 * @module
 * The D1 binding's interface over Node's own SQLite (`node:sqlite`), with the project's migrations
 * applied: the same SQL engine D1 runs, so claims, conflicts and `RETURNING` behave as they do there.
 * `batch()` runs in one transaction, as D1's does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { root } from "../../../scripts/lib/processes.ts";
import type { D1Database, D1PreparedStatement, D1Result } from "../../../src/server/history/d1.ts";

class Statement implements D1PreparedStatement {
  readonly db: DatabaseSync;
  readonly sql: string;
  readonly values: SQLInputValue[];
  constructor(db: DatabaseSync, sql: string, values: SQLInputValue[] = []) {
    this.db = db;
    this.sql = sql;
    this.values = values;
  }
  bind(...values: unknown[]): D1PreparedStatement {
    return new Statement(this.db, this.sql, values as SQLInputValue[]);
  }
  rows<T>(): T[] {
    return this.db.prepare(this.sql).all(...this.values) as T[];
  }
  async first<T>(): Promise<T | null> {
    return this.rows<T>()[0] ?? null;
  }
  async all<T>(): Promise<D1Result<T>> {
    return { results: this.rows<T>(), success: true, meta: {} };
  }
  async run<T>(): Promise<D1Result<T>> {
    return this.all<T>();
  }
}

export interface LocalD1 extends D1Database {
  /** Runs a query directly (tests read rows with it). */
  query<T>(sql: string, ...values: SQLInputValue[]): T[];
  close(): void;
}

/** A fresh in-memory database with every migration in migrations/ applied. */
export function localD1(): LocalD1 {
  const db = new DatabaseSync(":memory:");
  const dir = join(root, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    db.exec(readFileSync(join(dir, file), "utf8"));
  return {
    prepare: (sql) => new Statement(db, sql),
    async batch<T>(statements: D1PreparedStatement[]) {
      db.exec("BEGIN");
      try {
        const out = statements.map((s) => ({ results: (s as Statement).rows<T>(), success: true, meta: {} }));
        db.exec("COMMIT");
        return out;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    query: <T>(sql: string, ...values: SQLInputValue[]) => db.prepare(sql).all(...values) as T[],
    close: () => db.close(),
  };
}
