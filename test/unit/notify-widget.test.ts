/**
 * The Notifications widgets' guards held to the zod schemas of `core/notify/report.ts`, their verdict
 * and words, and the config's notification errors, pinned.
 */
import { describe, expect, it } from "vitest";
import { channelFix, deliveryWords, notificationsVerdict } from "../../src/components/notifications/notifications.ts";
import {
  notificationsReport as reportGuard,
  testMessageResult as testGuard,
} from "../../src/components/notifications/shapes.ts";
import type { ConfigError } from "../../src/core/config/errors.ts";
import { loadConfig } from "../../src/core/config/load.ts";
import {
  type ChannelSummary,
  type NotificationsReport,
  notificationsReport,
  testMessageResult,
} from "../../src/core/notify/report.ts";

const delivery = {
  eventId: "evt_abcdefgh12345678",
  type: "deployment.started" as const,
  title: "Deployment started on Demo",
  status: "info" as const,
  occurredAt: "2026-12-06T09:00:00.000Z",
  channel: "demo-slack",
  state: "pending" as const,
  attempts: 2,
  lastStatus: 429,
  lastAnswer: "HTTP 429 rate_limited",
  nextAt: "2026-12-06T09:00:01.000Z",
  deliveredAt: null,
};
const channel: ChannelSummary = {
  id: "demo-slack",
  label: "Slack",
  kind: "slack",
  events: ["*"],
  problem: null,
  lastDeliveredAt: null,
  undelivered: 0,
};
const report: NotificationsReport = {
  environment: "demo",
  checkedAt: "2026-12-06T09:00:00.000Z",
  durationMs: 3,
  channels: [channel],
  deliveries: [delivery],
};

describe("the widget's guards and the zod schemas agree", () => {
  it("accept a real answer", () => {
    expect(notificationsReport.safeParse(report).success).toBe(true);
    expect(reportGuard.safeParse(report).success).toBe(true);
    const test = { environment: "demo", channel: "demo-slack", delivery };
    expect(testMessageResult.safeParse(test).success).toBe(true);
    expect(testGuard.safeParse(test).success).toBe(true);
  });

  it.each([
    ["a delivery state it does not know", { ...report, deliveries: [{ ...delivery, state: "lost" }] }],
    ["a channel kind it does not know", { ...report, channels: [{ ...channel, kind: "email" }] }],
    ["no deliveries list", { ...report, deliveries: undefined }],
  ])("both refuse %s", (_, broken) => {
    expect(notificationsReport.safeParse(broken).success).toBe(false);
    expect(reportGuard.safeParse(broken).success).toBe(false);
  });
});

describe("the widget's words", () => {
  it("says how a delivery stands and what to fix", () => {
    expect(deliveryWords(delivery)).toBe("waiting to retry (attempt 2) · HTTP 429 rate_limited");
    expect(notificationsVerdict(report)).toEqual({ state: "pass", text: "1 channel(s) ready", code: "ok" });
    const broken = { ...channel, problem: "the binding SLACK_WEBHOOK_URL is not set" };
    expect(notificationsVerdict({ ...report, channels: [broken] }).code).toBe("problem");
    expect(channelFix(broken)).toContain("SLACK_WEBHOOK_URL is not set. Set it as a secret");
  });
});

describe("notification config errors name the field", () => {
  const config = (notifications: unknown) => ({
    environments: { production: { label: "P", targets: { app: "https://x.example" } } },
    notifications,
  });
  const issues = (notifications: unknown) => {
    try {
      loadConfig(config(notifications));
      return [];
    } catch (error) {
      return (error as ConfigError).issues;
    }
  };

  it("pins each message", () => {
    expect(
      issues({
        channels: {
          a: { kind: "slack", urlVariable: "https://hooks.slack.com/services/T/B/x" },
          b: { kind: "pagerduty", routingKeyVariable: "PD_KEY", apiBase: "ftp://events.pagerduty.com" },
        },
        routes: { production: [{ events: ["deploy.*"], channels: ["c"] }], nowhere: [] },
      }),
    ).toMatchInlineSnapshot(`
      [
        "notifications.channels.a.urlVariable: expected a binding name ending in _WEBHOOK_URL such as SLACK_WEBHOOK_URL, not a value",
        "notifications.channels.b.apiBase: expected an http(s) URL",
        "notifications.routes.production[0].events[0]: unknown event "deploy.*" (known: deployment.started, deployment.succeeded, deployment.rolled_back, deployment.abandoned, verify.passed, verify.failed, monitor.breach, monitor.verdict, action.pressed, action.outcome, incident.opened, incident.resolved, deployment.planned, deployment.planned_start, test, a family such as "deployment.*", or "*")",
        "notifications.routes.production[0].channels[0]: no channel "c" in notifications.channels (it has: a, b)",
        "notifications.routes.nowhere: no environment "nowhere" (it has: production)",
      ]
    `);
  });
});
