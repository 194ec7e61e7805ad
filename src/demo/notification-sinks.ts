/**
 * @module
 * The demo's notification sinks: a Slack incoming webhook, a Standard Webhooks receiver and PagerDuty's
 * Events API v2, each answering the way the real one does, switchable to its failures (Slack's
 * `invalid_token` and `channel_not_found`, 429 with `Retry-After`, 5xx). Everything they receive is
 * listed at `GET /__demo/notifications`, newest first, with headers and bodies, for the demo page's
 * "What the team saw" panel and the tests.
 */
import type { IncomingMessage } from "node:http";
import { Webhook } from "standardwebhooks";
import { readBody, sendError, sendJson, sendText } from "./http.ts";
import type { RequestContext, RouteGroup } from "./router.ts";

/** Not real secrets: fixed, documented values so the demo's channels work out of the box. */
export const DEMO_SLACK_TOKEN = "demo-slack-webhook-token";
export const DEMO_NOTIFY_WEBHOOK_SECRET = `whsec_${Buffer.from("dashtray-demo-notify-secret-32by", "utf8").toString("base64")}`;
export const DEMO_PAGERDUTY_ROUTING_KEY = "demo0pagerduty0routing0key000000";
/** Seconds a rate-limited sink asks the sender to wait (short, so practice and tests are quick). */
export const SINK_RETRY_AFTER_SECONDS = 1;

export const SINKS = ["slack", "webhook", "pagerduty"] as const;
export type SinkName = (typeof SINKS)[number];
export const SINK_MODES = ["ok", "invalid_token", "channel_not_found", "rate_limited", "error", "down"] as const;
export type SinkMode = (typeof SINK_MODES)[number];

export interface Received {
  seq: number;
  at: string;
  sink: SinkName;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** What the sink answered. */
  status: number;
  /** The Standard Webhooks receiver saw this `webhook-id` before (it answers 200 and ignores it). */
  duplicate?: boolean;
}

const KEPT = 200;
const MAX_BODY = 64 * 1024;
const SHOWN_HEADERS = ["content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature"];

/** What the sinks received and how each is set to answer. */
export class NotificationSinks {
  #received: Received[] = [];
  #seq = 0;
  #seenWebhookIds = new Set<string>();
  modes: Record<SinkName, SinkMode> = { slack: "ok", webhook: "ok", pagerduty: "ok" };

  record(entry: Omit<Received, "seq" | "at">): void {
    this.#seq += 1;
    this.#received.unshift({ seq: this.#seq, at: new Date().toISOString(), ...entry });
    this.#received.length = Math.min(this.#received.length, KEPT);
  }

  /** Newest first. */
  list(): Received[] {
    return this.#received.map((r) => ({ ...r }));
  }

  firstSighting(id: string): boolean {
    if (this.#seenWebhookIds.has(id)) return false;
    this.#seenWebhookIds.add(id);
    return true;
  }

  clear(): void {
    this.#received = [];
    this.#seenWebhookIds.clear();
    this.modes = { slack: "ok", webhook: "ok", pagerduty: "ok" };
  }
}

function shownHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

async function readJson(ctx: RequestContext): Promise<{ raw: string; json: unknown }> {
  const raw = (await readBody(ctx.req, MAX_BODY)).toString("utf8");
  try {
    return { raw, json: JSON.parse(raw) };
  } catch {
    return { raw, json: undefined };
  }
}

/** A mode that fails the same way whatever the sink: 429 with Retry-After, 5xx, or no answer at all. */
function commonFailure(ctx: RequestContext, mode: SinkMode, text: (status: number) => string): number | undefined {
  if (mode === "down") {
    ctx.res.destroy();
    return 0;
  }
  if (mode === "rate_limited") {
    sendText(ctx.res, 429, text(429), { "retry-after": String(SINK_RETRY_AFTER_SECONDS) });
    return 429;
  }
  if (mode === "error") {
    sendText(ctx.res, 500, text(500));
    return 500;
  }
  return undefined;
}

function slackSink(sinks: NotificationSinks) {
  return async (ctx: RequestContext) => {
    const { raw, json } = await readJson(ctx);
    const mode = sinks.modes.slack;
    const token = ctx.url.pathname.split("/").at(-1);
    const answer = (status: number, text: string) => {
      sendText(ctx.res, status, text);
      return status;
    };
    const status =
      commonFailure(ctx, mode, (s) => (s === 429 ? "rate_limited" : "rollup_error")) ??
      (mode === "invalid_token" || token !== DEMO_SLACK_TOKEN
        ? answer(403, "invalid_token")
        : mode === "channel_not_found"
          ? answer(404, "channel_not_found")
          : json === undefined || typeof json !== "object" || json === null
            ? answer(400, "invalid_payload")
            : !("text" in json) && !("blocks" in json)
              ? answer(400, "no_text")
              : answer(200, "ok"));
    sinks.record({
      sink: "slack",
      method: "POST",
      path: "/sinks/slack/services/…",
      headers: shownHeaders(ctx.req),
      body: json ?? raw,
      status,
    });
  };
}

function webhookSink(sinks: NotificationSinks) {
  return async (ctx: RequestContext) => {
    const { raw, json } = await readJson(ctx);
    const headers = shownHeaders(ctx.req);
    const mode = sinks.modes.webhook;
    let duplicate = false;
    let status = commonFailure(ctx, mode, (s) => (s === 429 ? "slow down" : "receiver failed"));
    if (status === undefined) {
      if (mode === "invalid_token") status = 401;
      else if (mode === "channel_not_found") status = 404;
      else {
        try {
          new Webhook(DEMO_NOTIFY_WEBHOOK_SECRET).verify(raw, headers);
          duplicate = !sinks.firstSighting(headers["webhook-id"] ?? "");
          status = 200;
        } catch {
          status = 401;
        }
      }
      if (status === 200) sendJson(ctx.res, 200, { received: true, duplicate });
      else
        sendError(ctx.res, status, status === 401 ? "invalid_signature" : "not_found", "refused by the demo receiver");
    }
    sinks.record({
      sink: "webhook",
      method: "POST",
      path: "/sinks/webhook",
      headers,
      body: json ?? raw,
      status,
      duplicate,
    });
  };
}

/** What PagerDuty checks of an event before it answers 202 (Events API v2 schema). */
function pagerDutyErrors(json: unknown, change: boolean): string[] {
  if (typeof json !== "object" || json === null) return ["JSON parse error"];
  const event = json as Record<string, unknown>;
  const payload = event.payload as Record<string, unknown> | undefined;
  const errors: string[] = [];
  if (typeof event.routing_key !== "string" || event.routing_key.length !== 32) errors.push("'routing_key' is invalid");
  if (change) {
    if (typeof payload?.summary !== "string") errors.push("'payload.summary' is missing");
    if (typeof payload?.source !== "string" && payload?.source !== undefined)
      errors.push("'payload.source' is invalid");
    return errors;
  }
  if (!["trigger", "acknowledge", "resolve"].includes(String(event.event_action)))
    errors.push("'event_action' is invalid");
  if (event.event_action === "trigger") {
    for (const field of ["summary", "source", "severity"])
      if (typeof payload?.[field] !== "string") errors.push(`'payload.${field}' is missing`);
    if (payload && !["critical", "error", "warning", "info"].includes(String(payload.severity)))
      errors.push("'payload.severity' is invalid");
  } else if (typeof event.dedup_key !== "string") errors.push("'dedup_key' is missing");
  return errors;
}

function pagerDutySink(sinks: NotificationSinks, change: boolean) {
  return async (ctx: RequestContext) => {
    const { raw, json } = await readJson(ctx);
    const mode = sinks.modes.pagerduty;
    let status = commonFailure(ctx, mode, () => "");
    if (status === undefined) {
      const errors =
        mode === "invalid_token" || mode === "channel_not_found"
          ? ["'routing_key' is invalid"]
          : pagerDutyErrors(json, change);
      if (errors.length > 0) {
        status = 400;
        sendJson(ctx.res, 400, { status: "invalid event", message: "Event object is invalid", errors });
      } else {
        status = 202;
        const dedup = (json as { dedup_key?: string }).dedup_key;
        sendJson(
          ctx.res,
          202,
          change
            ? { status: "success", message: "Change event processed" }
            : { status: "success", message: "Event processed", dedup_key: dedup ?? crypto.randomUUID() },
        );
      }
    }
    sinks.record({
      sink: "pagerduty",
      method: "POST",
      path: change ? "/v2/change/enqueue" : "/v2/enqueue",
      headers: shownHeaders(ctx.req),
      body: json ?? raw,
      status,
    });
  };
}

export const SINKS_PREFIX = "/sinks";
export const NOTIFICATIONS_CONTROL = "/__demo/notifications";

/** `POST /sinks/...`: the three sinks. */
export function sinkRoutes(sinks: NotificationSinks): RouteGroup {
  return {
    prefix: SINKS_PREFIX,
    kind: "tooling",
    routes: [
      { method: "POST", pattern: `${SINKS_PREFIX}/slack/services/:team/:bot/:token`, handle: slackSink(sinks) },
      { method: "POST", pattern: `${SINKS_PREFIX}/webhook`, handle: webhookSink(sinks) },
      { method: "POST", pattern: `${SINKS_PREFIX}/pagerduty/v2/enqueue`, handle: pagerDutySink(sinks, false) },
      { method: "POST", pattern: `${SINKS_PREFIX}/pagerduty/v2/change/enqueue`, handle: pagerDutySink(sinks, true) },
    ],
    notFound: (ctx) => sendError(ctx.res, 404, "not_found", `No sink at ${ctx.url.pathname}`),
  };
}

/** `GET /__demo/notifications` (what arrived, newest first) and `POST` (modes `{ slack: "rate_limited" }`, or `{ clear: true }`). */
export function sinkControlRoutes(sinks: NotificationSinks): RouteGroup {
  return {
    prefix: NOTIFICATIONS_CONTROL,
    kind: "tooling",
    cors: true,
    routes: [
      {
        method: "GET",
        pattern: NOTIFICATIONS_CONTROL,
        handle: (ctx) => sendJson(ctx.res, 200, { modes: sinks.modes, received: sinks.list() }),
      },
      {
        method: "POST",
        pattern: NOTIFICATIONS_CONTROL,
        handle: async (ctx) => {
          const { json } = await readJson(ctx);
          const input = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
          if (input.clear === true) sinks.clear();
          for (const sink of SINKS) {
            const mode = input[sink];
            if (mode === undefined) continue;
            if (!SINK_MODES.includes(mode as SinkMode))
              return sendError(ctx.res, 400, "invalid_request", `${sink}: expected one of ${SINK_MODES.join(", ")}`);
            sinks.modes[sink] = mode as SinkMode;
          }
          sendJson(ctx.res, 200, { modes: sinks.modes, received: sinks.list() });
        },
      },
    ],
    notFound: (ctx) => sendError(ctx.res, 404, "not_found", `No control endpoint ${ctx.url.pathname}`),
  };
}

/** The bindings that point the demo's channels at these sinks (`scripts/lib/stack.ts` gives them to the Function and the Worker). */
export function demoNotificationBindings(demoUrl: string): Record<string, string> {
  return {
    DEMO_SLACK_WEBHOOK_URL: `${demoUrl}${SINKS_PREFIX}/slack/services/TDEMO/BDEMO/${DEMO_SLACK_TOKEN}`,
    DEMO_NOTIFY_WEBHOOK_URL: `${demoUrl}${SINKS_PREFIX}/webhook`,
    DEMO_NOTIFY_WEBHOOK_SECRET,
    DEMO_PAGERDUTY_ROUTING_KEY,
  };
}
