/**
 * @module
 * Delivering the outbox: route new events, claim due deliveries in one statement (so two invocations
 * never both send one), send each to its channel, and write down what the channel said. Failures wait
 * and are tried again (429 after its `Retry-After`, 5xx and no answer with doubling backoff); after the
 * last try, or a refusal for good, the delivery stays visible as undelivered with the channel's answer.
 * One invocation sends at most `maxSends` (the subrequest budget) with at most 6 in flight.
 */

import type { FetchLike } from "../../core/checks/probe.ts";
import type { Notifications } from "../../core/config/notifications.ts";
import { type NotificationEvent, notificationEvent } from "../../core/notify/events.ts";
import type { ResolvedChannel } from "../../core/notify/routing.ts";
import type { D1Database } from "../history/d1.ts";
import { type Scrub, scrubberFor, secretsIn } from "../lib/scrub.ts";
import { channelSecrets, type DeliveryAnswer, senders } from "./channels/index.ts";
import { routeEvents } from "./route.ts";

/** How long a claim holds: well past one send's timeout, so a live sender is never overtaken. */
export const CLAIM_SECONDS = 60;
/** One send waits this long for the channel's answer. */
export const SEND_TIMEOUT_MS = 10_000;
/** Connections one invocation may hold open (Cloudflare's per-invocation limit). */
const IN_FLIGHT = 6;

export interface DeliveryContext {
  db: D1Database;
  settings: Notifications;
  channels: readonly ResolvedChannel[];
  /** The Worker's (or Function's) bindings: the channels' URLs and keys are read from them. */
  bindings: Record<string, unknown>;
  fetch: FetchLike;
  /** Sends this invocation may make (its subrequest budget, minus what else it does). */
  maxSends: number;
  now?: () => number;
}

export interface DeliveryReport {
  routed: number;
  sent: number;
  delivered: number;
  retrying: number;
  undelivered: number;
}

interface Claimed {
  eventId: string;
  channel: string;
  attempts: number;
}

/**
 * Routes and delivers what is due; `eventIds` limits the sends to those events (a request's own, or
 * the test button's), which are routed whatever backlog is older.
 */
export async function deliverDue(ctx: DeliveryContext, eventIds?: readonly string[]): Promise<DeliveryReport> {
  const now = ctx.now ?? Date.now;
  const routed = await routeEvents(ctx.db, ctx.settings, ctx.channels, new Date(now()).toISOString(), eventIds);
  const report: DeliveryReport = { routed, sent: 0, delivered: 0, retrying: 0, undelivered: 0 };
  if (ctx.maxSends <= 0) return report;
  const token = crypto.randomUUID();
  const claimed = await claim(ctx.db, token, now(), ctx.maxSends, eventIds);
  if (claimed.length === 0) return report;
  const events = await loadEvents(
    ctx.db,
    claimed.map((c) => c.eventId),
  );
  const scrub = scrubberFor(secretsIn(ctx.bindings));
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await sendOne(ctx, next, token, events.get(next.eventId), scrub, now);
      report.sent += outcome.sent ? 1 : 0;
      report[outcome.state === "pending" ? "retrying" : outcome.state] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, claimed.length) }, worker));
  return report;
}

/**
 * Takes due deliveries for this invocation in one UPDATE: pending ones whose time has come, and sends
 * whose claim ran out (the invocation died). SQLite runs it alone, so no row is taken twice.
 */
async function claim(
  db: D1Database,
  token: string,
  nowMs: number,
  limit: number,
  eventIds?: readonly string[],
): Promise<Claimed[]> {
  const now = new Date(nowMs).toISOString();
  const until = new Date(nowMs + CLAIM_SECONDS * 1000).toISOString();
  const only = eventIds ? "AND event_id IN (SELECT value FROM json_each(?5))" : "";
  const { results } = await db
    .prepare(
      `UPDATE notification_deliveries SET state = 'sending', claim = ?1, claimed_until = ?2, attempts = attempts + 1, updated_at = ?3
       WHERE (event_id, channel) IN (
         SELECT event_id, channel FROM notification_deliveries
         WHERE ((state = 'pending' AND next_at <= ?3) OR (state = 'sending' AND claimed_until < ?3)) ${only}
         ORDER BY next_at LIMIT ?4)
       RETURNING event_id AS eventId, channel, attempts`,
    )
    .bind(token, until, now, limit, ...(eventIds ? [JSON.stringify(eventIds)] : []))
    .all<Claimed>();
  return results;
}

async function loadEvents(db: D1Database, ids: string[]): Promise<Map<string, NotificationEvent>> {
  const { results } = await db
    .prepare("SELECT id, payload FROM notification_events WHERE id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ id: string; payload: string }>();
  const events = new Map<string, NotificationEvent>();
  for (const row of results) {
    try {
      const parsed = notificationEvent.safeParse(JSON.parse(row.payload));
      if (parsed.success) events.set(row.id, parsed.data);
    } catch {
      // An unreadable payload stays out of the map and is kept as undelivered below.
    }
  }
  return events;
}

type Final = "delivered" | "pending" | "undelivered";

async function sendOne(
  ctx: DeliveryContext,
  claimed: Claimed,
  token: string,
  event: NotificationEvent | undefined,
  scrub: Scrub,
  now: () => number,
): Promise<{ state: Final; sent: boolean }> {
  const resolved = ctx.channels.find((c) => c.id === claimed.channel);
  let answer: DeliveryAnswer;
  let sent = false;
  if (!resolved)
    answer = { kind: "refused", status: null, answer: `channel "${claimed.channel}" is no longer configured` };
  else if (!event) answer = { kind: "refused", status: null, answer: "the event's payload could not be read" };
  else {
    const secrets = channelSecrets(resolved.channel, ctx.bindings);
    if (!secrets.ok) answer = { kind: "retry", status: null, answer: secrets.problem };
    else {
      const sender = senders[resolved.channel.kind];
      const request = sender.request(event, secrets.secrets, new Date(now()));
      sent = true;
      try {
        const response = await ctx.fetch(request.url, {
          ...request.init,
          redirect: "manual",
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        answer = await sender.read(response);
      } catch (error) {
        const name = (error as Error).name;
        answer = {
          kind: "retry",
          status: null,
          answer:
            name === "TimeoutError"
              ? `no answer within ${SEND_TIMEOUT_MS / 1000} s`
              : "the channel could not be reached",
        };
      }
    }
  }
  const retry = resolved?.channel.retry;
  const state: Final =
    answer.kind === "delivered"
      ? "delivered"
      : answer.kind === "retry" && retry && claimed.attempts < retry.attempts
        ? "pending"
        : "undelivered";
  const waitSeconds =
    answer.kind === "retry" && retry
      ? (answer.retryAfterSeconds ??
        Math.min(retry.maxBackoffSeconds, retry.backoffSeconds * 2 ** Math.max(0, claimed.attempts - 1)))
      : 0;
  const at = now();
  await ctx.db
    .prepare(
      `UPDATE notification_deliveries SET state = ?4, next_at = ?5, last_status = ?6, last_answer = ?7, updated_at = ?8,
         delivered_at = CASE WHEN ?4 = 'delivered' THEN ?8 ELSE delivered_at END, claim = NULL, claimed_until = NULL
       WHERE event_id = ?1 AND channel = ?2 AND claim = ?3`,
    )
    .bind(
      claimed.eventId,
      claimed.channel,
      // The claim this invocation took: a send overtaken after its claim ran out writes nothing.
      token,
      state,
      new Date(at + waitSeconds * 1000).toISOString(),
      answer.status,
      scrub(answer.answer).slice(0, 300),
      new Date(at).toISOString(),
    )
    .run();
  return { state, sent };
}
