/**
 * @module
 * Reading the outbox for the Notifications widget: the latest deliveries of an environment and, per
 * channel, when it last delivered and how many it could not.
 */
import type { DeliverySummary } from "../../core/notify/report.ts";
import type { D1Database } from "../history/d1.ts";

const COLUMNS = `d.event_id AS eventId, e.type AS type, json_extract(e.payload, '$.title') AS title,
  json_extract(e.payload, '$.status') AS status, e.at AS occurredAt, d.channel AS channel, d.state AS state,
  d.attempts AS attempts, d.last_status AS lastStatus, d.last_answer AS lastAnswer, d.next_at AS nextAt,
  d.delivered_at AS deliveredAt`;

/** The environment's latest deliveries, newest event first (`eventIds`: only those events). */
export async function latestDeliveries(
  db: D1Database,
  environment: string,
  limit: number,
  eventIds?: readonly string[],
): Promise<DeliverySummary[]> {
  const only = eventIds ? "AND d.event_id IN (SELECT value FROM json_each(?3))" : "";
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM notification_deliveries AS d JOIN notification_events AS e ON e.id = d.event_id
       WHERE d.environment = ?1 ${only} ORDER BY e.at DESC, d.channel LIMIT ?2`,
    )
    .bind(environment, limit, ...(eventIds ? [JSON.stringify(eventIds)] : []))
    .all<DeliverySummary>();
  return results;
}

/** How far back the widget counts undelivered notifications: a failure of last week is no longer news. */
export const UNDELIVERED_WINDOW_MS = 24 * 3600_000;

/** Per channel of the environment: the last delivery time and the count kept undelivered in the last day. */
export async function channelStanding(
  db: D1Database,
  environment: string,
  now = Date.now(),
): Promise<Map<string, { lastDeliveredAt: string | null; undelivered: number }>> {
  const { results } = await db
    .prepare(
      `SELECT channel, MAX(delivered_at) AS lastDeliveredAt, SUM(state = 'undelivered' AND updated_at >= ?2) AS undelivered
       FROM notification_deliveries WHERE environment = ?1 GROUP BY channel`,
    )
    .bind(environment, new Date(now - UNDELIVERED_WINDOW_MS).toISOString())
    .all<{ channel: string; lastDeliveredAt: string | null; undelivered: number }>();
  return new Map(results.map((r) => [r.channel, { lastDeliveredAt: r.lastDeliveredAt, undelivered: r.undelivered }]));
}
