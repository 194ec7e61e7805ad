/**
 * @module
 * `notifications` in runbook.config.json: the channels the runbook tells the team through (Slack
 * incoming webhooks, signed generic webhooks, PagerDuty Events API v2) and, per environment, which
 * events go to which channel. URLs and keys are secret bindings named here, never written here.
 */
import { z } from "zod";
import { eventTypes } from "../notify/events.ts";
import { environmentId } from "./environment.ts";

/** A binding name (`PAGERDUTY_ROUTING_KEY`), never its value. */
const bindingName = (example: string) =>
  z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, { message: `expected a binding name such as ${example}, not a value` });

/**
 * A binding holding a channel URL. Its name ends in `_WEBHOOK_URL` because the URL is itself the secret,
 * and that is how the one secret scrubber knows to keep it out of every answer and log line.
 */
const urlBindingName = (example: string) =>
  z.string().regex(/^[A-Z][A-Z0-9_]{0,51}_WEBHOOK_URL$/, {
    message: `expected a binding name ending in _WEBHOOK_URL such as ${example}, not a value`,
  });

/** A channel's id: what routes name and the widget shows. */
export const channelId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
  message: 'channel id must be a slug such as "team-slack"',
});

/** How often a delivery is tried, and how long to wait between tries (429s wait their Retry-After instead). */
export const retrySettings = z
  .object({
    /** @example 8 */
    attempts: z.number().int().min(1).max(20).default(8).describe("Tries before the event is kept as undelivered."),
    /** @example 30 */
    backoffSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(30)
      .describe("Wait after the first failed try; doubled after each further one (the demo: 1)."),
    /** @example 3600 */
    maxBackoffSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(3600)
      .describe("The longest wait between two tries, Retry-After included."),
  })
  .strict()
  .prefault({});

const common = {
  /** @example "Team channel" */
  label: z.string().min(1).max(80).optional().describe("How the widget names the channel (default: its id)."),
  /** @example false */
  demo: z
    .boolean()
    .default(false)
    .describe("A sink of the built-in demo: exists only with RUNBOOK_DEMO_ORIGIN, and may use http on loopback."),
  retry: retrySettings,
};

/** A Slack incoming webhook: Block Kit messages to one channel. */
export const slackChannel = z
  .object({
    kind: z.literal("slack"),
    /** @example "SLACK_WEBHOOK_URL" */
    urlVariable: urlBindingName("SLACK_WEBHOOK_URL").describe(
      "Secret binding holding the incoming webhook URL (https://hooks.slack.com/services/...).",
    ),
    ...common,
  })
  .strict();

/** A generic webhook signed with Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
export const webhookChannel = z
  .object({
    kind: z.literal("webhook"),
    /** @example "TEAM_WEBHOOK_URL" */
    urlVariable: urlBindingName("TEAM_WEBHOOK_URL").describe("Secret binding holding the receiver's https URL."),
    /** @example "TEAM_WEBHOOK_SECRET" */
    secretVariable: bindingName("TEAM_WEBHOOK_SECRET").describe(
      "Secret binding holding the signing secret (`whsec_` and base64, as Standard Webhooks libraries make them).",
    ),
    ...common,
  })
  .strict();

/** PagerDuty Events API v2: change events for deploys and rollbacks, trigger/resolve for breaches and incidents. */
export const pagerDutyChannel = z
  .object({
    kind: z.literal("pagerduty"),
    /** @example "PAGERDUTY_ROUTING_KEY" */
    routingKeyVariable: bindingName("PAGERDUTY_ROUTING_KEY").describe(
      "Secret binding holding the service's Events API v2 integration (routing) key.",
    ),
    /** @example "https://events.pagerduty.com" */
    apiBase: z
      .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
      .default("https://events.pagerduty.com")
      .describe(
        "Events API base (`/v2/enqueue`, `/v2/change/enqueue` under it); EU accounts: https://events.eu.pagerduty.com.",
      ),
    ...common,
  })
  .strict();

export const channel = z.discriminatedUnion("kind", [slackChannel, webhookChannel, pagerDutyChannel]);
export type Channel = z.output<typeof channel>;
export type ChannelKind = Channel["kind"];

/** An event type, `deployment.*` for a family, or `*` for every event. */
const eventPattern = z.string().refine((p) => eventTypes.some((type) => patternCovers(p, type)), {
  error: (issue) =>
    `unknown event ${JSON.stringify(issue.input)} (known: ${eventTypes.join(", ")}, a family such as "deployment.*", or "*")`,
});

/** One routing rule: these events of the environment go to these channels. */
export const notificationRoute = z
  .object({
    /** @example ["deployment.*", "monitor.breach"] */
    events: z.array(eventPattern).min(1).describe('Event types, families ("deployment.*") or "*".'),
    /** @example ["team-slack"] */
    channels: z.array(channelId).min(1).describe("Channel ids from `notifications.channels`."),
  })
  .strict();
export type NotificationRoute = z.output<typeof notificationRoute>;

export const notifications = z
  .object({
    /** @example "https://runbook.dashtray.example.com" */
    siteUrl: z
      .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
      .optional()
      .describe(
        "The runbook's own address, for links back to its pages from the companion Worker (the Function uses the request's).",
      ),
    /** @example { "team-slack": { "kind": "slack", "urlVariable": "SLACK_WEBHOOK_URL" } } */
    channels: z.record(channelId, channel).default({}).describe("The channels by id."),
    /** @example { "production": [{ "events": ["*"], "channels": ["team-slack"] }] } */
    routes: z
      .record(environmentId, z.array(notificationRoute))
      .default({})
      .describe("Per environment, which events go to which channels; an environment without routes notifies nobody."),
    /** @example 30 */
    repeatMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30)
      .describe("Quiet rule: an alert still open is repeated to a channel at most this often."),
  })
  .strict()
  .prefault({})
  .superRefine((settings, ctx) => {
    const ids = Object.keys(settings.channels);
    for (const [env, routes] of Object.entries(settings.routes)) {
      for (const [index, route] of routes.entries()) {
        for (const [at, id] of route.channels.entries()) {
          if (ids.includes(id)) continue;
          ctx.addIssue({
            code: "custom",
            path: ["routes", env, index, "channels", at],
            message: `no channel "${id}" in notifications.channels (it has: ${ids.join(", ") || "none"})`,
          });
        }
      }
    }
  });
export type Notifications = z.output<typeof notifications>;

/** Does a routing pattern cover this event type? */
export function patternCovers(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
