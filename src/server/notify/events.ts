/**
 * @module
 * The one door into the notification outbox: the statements that record an event, to be added to the
 * batch that writes the record itself. D1 runs a batch as one transaction, so the event exists exactly
 * when the record does: nothing is announced that did not happen, and nothing that happened is lost.
 *
 * @example
 * await db.batch([finishStatement, ...eventStatements(db, buildEvent({ type: "deployment.succeeded", ... }))]);
 */
import type { NotificationEvent } from "../../core/notify/events.ts";
import type { D1Database, D1PreparedStatement } from "../history/d1.ts";

/** An event's outbox columns, ?1 to ?7: id, environment, type, at, alert key and action, payload. */
const outboxValues = (event: NotificationEvent) =>
  [
    event.id,
    event.environment.id,
    event.type,
    event.occurredAt,
    event.alert?.key ?? null,
    event.alert?.action ?? null,
    JSON.stringify(event),
  ] as const;

/** The outbox row of an event (its deliveries are written when it is routed, see `route.ts`). */
export function eventStatements(db: D1Database, event: NotificationEvent): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO notification_events (id, environment, type, at, alert_key, alert_action, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING`,
      )
      .bind(...outboxValues(event)),
  ];
}

/**
 * The outbox row of an event that exists only if the statement just before it in the batch changed a
 * row (SQLite's `changes()`): an insert that was not ignored, an update that matched. With
 * `deploymentIdFromInsert`, `facts.deploymentId` is the id that insert made (`last_insert_rowid()`).
 *
 * @example
 * await db.batch([insertDeployment, eventIfChanged(db, started, { deploymentIdFromInsert: true })]);
 */
export function eventIfChanged(
  db: D1Database,
  event: NotificationEvent,
  options: { deploymentIdFromInsert?: boolean } = {},
): D1PreparedStatement {
  const payload = options.deploymentIdFromInsert ? "json_set(?7, '$.facts.deploymentId', last_insert_rowid())" : "?7";
  return db
    .prepare(
      `INSERT INTO notification_events (id, environment, type, at, alert_key, alert_action, payload)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ${payload} WHERE changes() > 0 ON CONFLICT (id) DO NOTHING`,
    )
    .bind(...outboxValues(event));
}

/**
 * An event for one channel only, routed as it is written (the widget's "send a test message"): the
 * event row and its one delivery, due now.
 */
export function directEventStatements(
  db: D1Database,
  event: NotificationEvent,
  channel: string,
  now: string,
): D1PreparedStatement[] {
  return [
    ...eventStatements(db, event),
    db.prepare("UPDATE notification_events SET routed = 1 WHERE id = ?1").bind(event.id),
    db
      .prepare(
        `INSERT INTO notification_deliveries (event_id, channel, environment, next_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING`,
      )
      .bind(event.id, channel, event.environment.id, now),
  ];
}
