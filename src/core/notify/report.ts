/**
 * @module
 * What `GET /api/notifications` answers: the environment's channels (with any binding problem named),
 * and its latest deliveries, failures included, each with the channel's answer.
 */
import { z } from "zod";
import { eventStatus, eventType } from "./events.ts";

export const deliveryState = z.enum(["pending", "sending", "delivered", "undelivered", "suppressed"]);

export const channelSummary = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["slack", "webhook", "pagerduty"]),
  /** The environment's event patterns routed to it. */
  events: z.array(z.string()),
  /** Why it cannot send (a binding not set or malformed, named), or null. */
  problem: z.string().nullable(),
  lastDeliveredAt: z.string().nullable(),
  undelivered: z.int(),
});
export type ChannelSummary = z.infer<typeof channelSummary>;

export const deliverySummary = z.object({
  eventId: z.string(),
  type: eventType,
  title: z.string(),
  status: eventStatus,
  occurredAt: z.string(),
  channel: z.string(),
  state: deliveryState,
  attempts: z.int(),
  lastStatus: z.int().nullable(),
  lastAnswer: z.string().nullable(),
  nextAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type DeliverySummary = z.infer<typeof deliverySummary>;

export const notificationsReport = z.object({
  environment: z.string(),
  checkedAt: z.string(),
  durationMs: z.number(),
  channels: z.array(channelSummary),
  deliveries: z.array(deliverySummary),
});
export type NotificationsReport = z.infer<typeof notificationsReport>;

export const testMessageResult = z.object({
  environment: z.string(),
  channel: z.string(),
  delivery: deliverySummary,
});
export type TestMessageResult = z.infer<typeof testMessageResult>;
