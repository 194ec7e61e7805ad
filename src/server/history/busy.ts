/**
 * @module
 * A D1 binding that retries a statement refused with SQLITE_BUSY. Locally the site's workerd and the
 * watch Worker's open one SQLite file from two processes, and a write while the other holds the lock is
 * refused at once rather than waited for. A refused statement wrote nothing, so running it again is
 * safe. Deployed D1 serialises writes itself; there the retry costs nothing.
 */
import type { D1Database, D1PreparedStatement } from "./d1.ts";

/** Waits between attempts (ms): about 1.5 s in all, longer than a local write holds the lock. */
const BACKOFF_MS = [10, 25, 50, 100, 200, 400, 700];

const isBusy = (error: unknown) => /SQLITE_BUSY|database is locked/i.test(String((error as Error)?.message ?? error));

async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (const wait of BACKOFF_MS) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
    }
  }
  return attempt();
}

function statement(inner: D1PreparedStatement): D1PreparedStatement & { inner: D1PreparedStatement } {
  return {
    inner,
    bind: (...values) => statement(inner.bind(...values)),
    first: () => retrying(() => inner.first()),
    all: () => retrying(() => inner.all()),
    run: () => retrying(() => inner.run()),
  } as D1PreparedStatement & { inner: D1PreparedStatement };
}

const wrapped = new WeakMap<object, D1Database>();

/** The binding with busy statements retried (one wrapper per binding). */
export function retryBusy(db: D1Database): D1Database {
  const known = wrapped.get(db);
  if (known) return known;
  const retried: D1Database = {
    prepare: (query) => statement(db.prepare(query)),
    batch: (statements) =>
      retrying(() => db.batch(statements.map((s) => (s as ReturnType<typeof statement>).inner ?? s))),
  };
  wrapped.set(db, retried);
  return retried;
}
