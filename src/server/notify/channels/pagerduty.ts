/**
 * @module
 * PagerDuty Events API v2. An event with an alert is an alert event (`POST /v2/enqueue`,
 * `event_action` trigger or resolve, `dedup_key` the alert key, so repeats and retries update one
 * alert and the resolve closes it); any other is a change event (`POST /v2/change/enqueue`: deploys,
 * rollbacks). PagerDuty answers 202 `{ status: "success", message, dedup_key }`, 400
 * `{ status, message, errors[] }` for an invalid event, 429 when rate-limited, 5xx to retry.
 */
import type { NotificationEvent } from "../../../core/notify/events.ts";
import { type ChannelSender, retryable, shortText } from "./types.ts";

const SEVERITY: Record<NotificationEvent["status"], "critical" | "error" | "warning" | "info"> = {
  failure: "error",
  warning: "warning",
  success: "info",
  info: "info",
};

/** The Events API v2 body of an event and the path it goes to. */
export function pagerDutyEvent(
  event: NotificationEvent,
  routingKey: string,
): { path: "/v2/enqueue" | "/v2/change/enqueue"; body: Record<string, unknown> } {
  const links = event.links.map((l) => ({ href: l.url, text: l.label }));
  const source = `dashtray-runbook/${event.environment.id}`;
  const details = { ...event.facts, event_id: event.id, type: event.type, actor: event.actor, reason: event.reason };
  if (event.alert?.action === "resolve")
    return {
      path: "/v2/enqueue",
      body: { routing_key: routingKey, event_action: "resolve", dedup_key: event.alert.key },
    };
  if (event.alert?.action === "trigger")
    return {
      path: "/v2/enqueue",
      body: {
        routing_key: routingKey,
        event_action: "trigger",
        dedup_key: event.alert.key,
        payload: {
          summary: `${event.title}: ${event.summary}`.slice(0, 1024),
          source,
          severity: SEVERITY[event.status],
          timestamp: event.occurredAt,
          component: "dashtray",
          group: event.environment.id,
          class: event.type,
          custom_details: details,
        },
        client: "Dashtray runbook",
        ...(links[0] && { client_url: links[0].href }),
        links,
      },
    };
  return {
    path: "/v2/change/enqueue",
    body: {
      routing_key: routingKey,
      payload: {
        summary: `${event.title}: ${event.summary}`.slice(0, 1024),
        timestamp: event.occurredAt,
        source,
        custom_details: details,
      },
      links,
    },
  };
}

export const pagerDuty: ChannelSender = {
  request(event, secrets) {
    const { path, body } = pagerDutyEvent(event, secrets.routingKey ?? "");
    return {
      url: `${secrets.url.replace(/\/+$/, "")}${path}`,
      init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    };
  },
  async read(response) {
    const text = await shortText(response, 2048);
    let said = "";
    try {
      const json = JSON.parse(text) as { status?: unknown; message?: unknown; errors?: unknown };
      const parts = [json.status, json.message, ...(Array.isArray(json.errors) ? json.errors : [])].filter(
        (p): p is string => typeof p === "string",
      );
      said = parts.join(": ").slice(0, 240);
    } catch {
      said = "";
    }
    const answer = `HTTP ${response.status}${said ? ` ${said}` : ""}`;
    if (response.status === 202 || response.status === 200)
      return { kind: "delivered", status: response.status, answer };
    return retryable(response, answer) ?? { kind: "refused", status: response.status, answer };
  },
};
