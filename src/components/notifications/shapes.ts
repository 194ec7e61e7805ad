/**
 * @module
 * The guards the Notifications widgets hold answers to (zod stays out of the browser bundle; see
 * `shared/shapes.ts`). `test/unit/notify-widget.test.ts` holds them to the zod schemas of `core/notify/report.ts`.
 */
import type { NotificationsReport, TestMessageResult } from "../../core/notify/report.ts";
import { arrayOf, isNumber, isObject, isString, oneOf, shape } from "../shared/shape-kit.ts";

const isDelivery = (v: unknown) =>
  isObject(v) &&
  isString(v.eventId) &&
  isString(v.title) &&
  isString(v.channel) &&
  oneOf("pending", "sending", "delivered", "undelivered", "suppressed")(v.state) &&
  isNumber(v.attempts) &&
  (v.lastAnswer === null || isString(v.lastAnswer));

const isChannel = (v: unknown) =>
  isObject(v) &&
  isString(v.id) &&
  isString(v.label) &&
  oneOf("slack", "webhook", "pagerduty")(v.kind) &&
  (v.problem === null || isString(v.problem)) &&
  isNumber(v.undelivered);

export const notificationsReport = shape<NotificationsReport>(
  (v) =>
    isString(v.environment) &&
    isString(v.checkedAt) &&
    isNumber(v.durationMs) &&
    arrayOf(isChannel)(v.channels) &&
    arrayOf(isDelivery)(v.deliveries),
);

export const testMessageResult = shape<TestMessageResult>(
  (v) => isString(v.environment) && isString(v.channel) && isDelivery(v.delivery),
);

/** One thing a demo sink received (`GET /api/demo/notifications`). */
export interface SinkEntry {
  seq: number;
  at: string;
  sink: "slack" | "webhook" | "pagerduty";
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  duplicate?: boolean;
}

export const sinkList = shape<{ modes: Record<string, string>; received: SinkEntry[] }>(
  (v) =>
    isObject(v.modes) &&
    arrayOf((r) => isObject(r) && isNumber(r.seq) && isString(r.at) && oneOf("slack", "webhook", "pagerduty")(r.sink))(
      v.received,
    ),
);

/** One planned deployment (`GET|POST /api/deployments/planned`). */
export interface PlannedEntry {
  id: number;
  environment: string;
  plannedFor: string;
  what: string;
  plannedBy: string;
  window: string;
  announcedAt: string | null;
  startAnnouncedAt: string | null;
}

const isPlan = (v: unknown) =>
  isObject(v) && isNumber(v.id) && isString(v.plannedFor) && isString(v.what) && isString(v.window);

export const plannedList = shape<{ environment: string; planned: PlannedEntry[] }>(
  (v) => isString(v.environment) && arrayOf(isPlan)(v.planned),
);

export const plannedOne = shape<{ environment: string; plan: PlannedEntry }>(
  (v) => isString(v.environment) && isPlan(v.plan),
);
