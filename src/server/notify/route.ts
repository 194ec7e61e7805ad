/**
 * @module
 * Routing the outbox: events written by the runbook get one delivery row per channel their
 * environment's routes name, in one batch with the mark that they were routed. Two invocations routing
 * the same event write the same rows (the key is event and channel), so nothing doubles.
 */
import type { Notifications } from "../../core/config/notifications.ts";
import { isQuietRepeat, type ResolvedChannel, routedChannels } from "../../core/notify/routing.ts";
import type { D1Database, D1PreparedStatement } from "../history/d1.ts";

/** Events routed per invocation (each costs a read or two; sends are bounded apart). */
export const ROUTE_BATCH = 25;

interface UnroutedRow {
  id: string;
  environment: string;
  type: string;
  at: string;
  alertKey: string | null;
  alertAction: "trigger" | "resolve" | null;
}

/**
 * Routes up to `ROUTE_BATCH` events that have no deliveries yet, oldest first, and the events named in
 * `first` whatever their place: a request's fast path routes its own events even behind a backlog the
 * Worker has not reached yet. Answers how many it routed.
 */
export async function routeEvents(
  db: D1Database,
  settings: Notifications,
  available: readonly ResolvedChannel[],
  now: string,
  first: readonly string[] = [],
): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT id, environment, type, at, alert_key AS alertKey, alert_action AS alertAction
       FROM notification_events
       WHERE routed = 0 AND (id IN (SELECT value FROM json_each(?2))
         OR id IN (SELECT id FROM notification_events WHERE routed = 0 ORDER BY at LIMIT ?1))
       ORDER BY at`,
    )
    .bind(ROUTE_BATCH, JSON.stringify(first))
    .all<UnroutedRow>();
  if (results.length === 0) return 0;
  const statements: D1PreparedStatement[] = [];
  for (const event of results) {
    let channels = routedChannels(settings, available, event.environment, event.type);
    const sent = event.alertKey ? await alertHistory(db, event.alertKey, event.at) : new Map<string, string>();
    if (event.alertAction === "resolve") channels = [...new Set([...channels, ...sent.keys()])];
    for (const channel of channels) {
      const quiet =
        event.alertAction === "trigger" && isQuietRepeat(sent.get(channel), event.at, settings.repeatMinutes);
      statements.push(
        db
          .prepare(
            `INSERT INTO notification_deliveries (event_id, channel, environment, state, next_at, updated_at, last_answer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT DO NOTHING`,
          )
          .bind(
            event.id,
            channel,
            event.environment,
            quiet ? "suppressed" : "pending",
            now,
            quiet ? `quiet: the same alert went to this channel less than ${settings.repeatMinutes} min ago` : null,
          ),
      );
    }
    statements.push(db.prepare("UPDATE notification_events SET routed = 1 WHERE id = ?1").bind(event.id));
  }
  await db.batch(statements);
  return results.length;
}

/**
 * Per channel, when the alert's last trigger went there, provided no resolve followed it: an open
 * alert's channels. A resolve is routed to all of them; a trigger within the quiet time is not repeated.
 */
async function alertHistory(db: D1Database, alertKey: string, before: string): Promise<Map<string, string>> {
  const { results } = await db
    .prepare(
      `SELECT d.channel AS channel, e.alert_action AS action, e.at AS at FROM notification_deliveries AS d
       JOIN notification_events AS e ON e.id = d.event_id
       WHERE e.alert_key = ?1 AND e.at <= ?2 AND d.state <> 'suppressed' ORDER BY e.at`,
    )
    .bind(alertKey, before)
    .all<{ channel: string; action: "trigger" | "resolve"; at: string }>();
  const open = new Map<string, string>();
  for (const row of results) {
    if (row.action === "trigger") open.set(row.channel, row.at);
    else open.delete(row.channel);
  }
  return open;
}
