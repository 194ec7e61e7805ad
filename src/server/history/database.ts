/**
 * @module
 * The `RUNBOOK_DB` binding, checked before use: no binding and a database whose migrations are
 * missing each get one clear answer that names the fix.
 */
import { ApiFailure } from "../errors.ts";
import { retryBusy } from "./busy.ts";
import type { D1Database } from "./d1.ts";

/** Every file in `migrations/`, in order (a unit test keeps this list and the folder in step). */
export const MIGRATIONS = [
  "0001_history.sql",
  "0002_actions.sql",
  "0003_monitor.sql",
  "0004_bounds.sql",
  "0005_schedule.sql",
  "0006_verdict.sql",
  "0007_notifications.sql",
  "0008_action_outcomes.sql",
  "0009_verify_presses.sql",
] as const;

/** `database_name` in wrangler.toml, as the fix commands name it. */
export const DATABASE_NAME = "dashtray-runbook";

/** The documented answer where no database is bound: the site still works, per browser. */
export const NOT_SHARED_CODE = "history_not_shared";

/** Databases already seen fully migrated in this isolate (checked once, then trusted). */
const migrated = new WeakSet<object>();

/** Is a D1 binding usable at all (the shape the Function receives)? */
export function isDatabase(value: unknown): value is D1Database {
  return typeof value === "object" && value !== null && typeof (value as D1Database).prepare === "function";
}

/**
 * The bound database with every migration applied, else an `ApiFailure`: 503 `history_not_shared`
 * without a binding, 503 `database_not_migrated` naming the missing migrations and the command.
 */
export async function historyDatabase(binding: unknown): Promise<D1Database> {
  if (!isDatabase(binding))
    throw new ApiFailure(
      503,
      NOT_SHARED_CODE,
      "history is not shared: no D1 database is bound as RUNBOOK_DB, so deployments, ticks and notes stay in each browser (README: Deploying the runbook, D1)",
    );
  // Busy statements are retried (history/busy.ts): locally two workerd processes share the file.
  if (migrated.has(binding)) return retryBusy(binding);
  const missing = await missingMigrations(retryBusy(binding));
  if (missing.length > 0)
    throw new ApiFailure(
      503,
      "database_not_migrated",
      `the D1 database bound as RUNBOOK_DB lacks migration ${missing.join(", ")}: run \`npx wrangler d1 migrations apply ${DATABASE_NAME} --remote\` (locally: \`--local\`, which npm start does)`,
    );
  migrated.add(binding);
  return retryBusy(binding);
}

/** The migrations of this build the database has not applied (all of them where wrangler never ran). */
export async function missingMigrations(db: D1Database): Promise<string[]> {
  let applied: Set<string>;
  try {
    const { results } = await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
    applied = new Set(results.map((r) => r.name));
  } catch {
    applied = new Set();
  }
  return MIGRATIONS.filter((name) => !applied.has(name));
}
