/**
 * @module
 * The outbox's bound: events whose every delivery is finished (delivered, undelivered or held back)
 * are deleted with their deliveries once they are older than the kept days; pending ones stay however
 * old, so nothing is lost that was never told. One delete per table and invocation, oldest first.
 * (The deliveries also have a rule in the shared retention, `history/retention.ts`; events cannot,
 * since an event is kept while any of its deliveries waits.)
 */
import type { D1Database } from "../history/d1.ts";

/** Days finished notifications are kept (the widget shows the last 20; the audit log keeps the runs). */
export const NOTIFICATION_RETENTION_DAYS = 30;
/** Events deleted per invocation, so one prune stays a small write however far behind it is. */
const PRUNE_BATCH = 500;

/** Deletes finished events older than `days` (and their deliveries); answers how many events went. */
export async function pruneNotifications(
  db: D1Database,
  now: number,
  days = NOTIFICATION_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(now - days * 86_400_000).toISOString();
  const old = `SELECT id FROM notification_events AS e WHERE e.at < ?1 AND e.routed = 1
    AND NOT EXISTS (SELECT 1 FROM notification_deliveries AS d WHERE d.event_id = e.id AND d.state IN ('pending', 'sending'))
    ORDER BY e.at LIMIT ?2`;
  const [, events] = await db.batch([
    db.prepare(`DELETE FROM notification_deliveries WHERE event_id IN (${old})`).bind(cutoff, PRUNE_BATCH),
    db.prepare(`DELETE FROM notification_events WHERE id IN (${old}) RETURNING id`).bind(cutoff, PRUNE_BATCH),
  ]);
  return events?.results.length ?? 0;
}
