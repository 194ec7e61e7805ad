/**
 * @module
 * What the runbook tells the team: one notification event per thing it records (a deployment started
 * or finished, verify-all, the monitor, a rollback, an incident between deploys, a planned
 * deployment). The event as written here is the documented JSON payload of the generic webhook
 * channel (`notifications.schema.json`); Slack and PagerDuty messages are built from it.
 */
import { z } from "zod";

/** Every event type, in the runbook's own words. */
export const eventTypes = [
  "deployment.started",
  "deployment.succeeded",
  "deployment.rolled_back",
  "deployment.abandoned",
  "verify.passed",
  "verify.failed",
  "monitor.breach",
  "monitor.verdict",
  "action.pressed",
  "action.outcome",
  "incident.opened",
  "incident.resolved",
  "deployment.planned",
  "deployment.planned_start",
  "test",
] as const;
export const eventType = z.enum(eventTypes);
export type EventType = z.output<typeof eventType>;

/** How the event reads at a glance: the colour of a Slack message, the severity of a PagerDuty alert. */
export const eventStatus = z.enum(["info", "success", "warning", "failure"]);
export type EventStatus = z.output<typeof eventStatus>;

const link = z.object({ label: z.string().min(1).max(80), url: z.url() }).strict();
export type EventLink = z.output<typeof link>;

/**
 * An alert the event opens (`trigger`) or closes (`resolve`): PagerDuty's `dedup_key`, and the key the
 * quiet rules group repeats and resolves by. Events without one are changes (PagerDuty change events).
 */
export const eventAlert = z
  .object({
    key: z.string().min(1).max(255).describe("The alert this event opens or closes, e.g. `monitor:production:12`."),
    action: z.enum(["trigger", "resolve"]),
  })
  .strict();
export type EventAlert = z.output<typeof eventAlert>;

/** Facts the event is about; which ones are present depends on the type (see the Notifications page). */
export const eventFacts = z
  .object({
    deploymentId: z.int().positive().optional().describe("The runbook's deployment record."),
    commit: z.string().max(64).optional().describe("The commit deployed, rolled back to, or redeployed."),
    version: z.string().max(128).optional(),
    fromId: z.string().max(64).optional().describe("Rollback: the deployment (or commit) it left."),
    toId: z.string().max(64).optional().describe("Rollback: the deployment (or commit) it went to."),
    actionKind: z.enum(["pages-rollback", "convex-redeploy"]).optional(),
    outcome: z
      .string()
      .max(64)
      .optional()
      .describe("How it ended: a deployment status, an action's read-back status, a verdict."),
    checks: z.array(z.string().max(64)).max(50).optional().describe("Checks or criteria that failed or breached."),
    incidentId: z.string().max(64).optional(),
    plannedFor: z.iso.datetime().optional().describe("A planned deployment: when it starts (UTC)."),
    window: z.string().max(200).optional().describe("A planned deployment: what the deployment window says of it."),
    channel: z.string().max(64).optional().describe("A test message: the channel it was sent to."),
  })
  .strict();
export type EventFacts = z.output<typeof eventFacts>;

/** One notification event: the generic webhook's JSON body, as delivered. */
export const notificationEvent = z
  .object({
    id: z
      .string()
      .regex(/^evt_[A-Za-z0-9_-]{8,64}$/)
      .describe("Unique per event; the Standard Webhooks `webhook-id` and what receivers dedupe on."),
    type: eventType,
    environment: z.object({ id: z.string().min(1), label: z.string().min(1) }).strict(),
    occurredAt: z.iso.datetime().describe("When the runbook recorded it (UTC)."),
    status: eventStatus,
    title: z.string().min(1).max(150).describe("One line: what happened."),
    summary: z.string().max(1000).describe("A sentence or two: what happened and what it means."),
    actor: z
      .string()
      .max(200)
      .nullable()
      .describe('Who did it: the verified identity, "local", or null for the runbook itself.'),
    reason: z.string().max(500).nullable().describe("Why, when the person gave a reason (a rollback's)."),
    facts: eventFacts,
    alert: eventAlert.nullable(),
    links: z.array(link).max(8).describe("The runbook page, the deployment and the dashboards."),
  })
  .strict();
export type NotificationEvent = z.output<typeof notificationEvent>;

/** `evt_` and 22 random URL-safe characters (128 bits), from the platform's crypto. */
export function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const text = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
  return `evt_${text}`;
}
