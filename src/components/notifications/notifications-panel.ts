import type { ChannelSummary, NotificationsReport } from "../../core/notify/report.ts";
import { callApi } from "../shared/api.ts";
import { busy } from "../shared/busy.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment } from "../shared/environment.ts";
import { mountPanel } from "../shared/panel.ts";
import { scrollTable } from "../shared/table.ts";
import { clockTime } from "../shared/time.ts";
import { channelFix, deliveryWords, notificationsVerdict } from "./notifications.ts";
import { notificationsReport, testMessageResult } from "./shapes.ts";

const KIND: Record<ChannelSummary["kind"], string> = {
  slack: "Slack",
  webhook: "Signed webhook",
  pagerduty: "PagerDuty",
};

/** A channel with its standing and its "Send a test message" button (the answer shown beside it). */
function channelItem(channel: ChannelSummary, environment: string): HTMLElement {
  const said = h("span", { class: "rw-meta", role: "status", "data-test-answer": "" });
  const button = h(
    "button",
    { type: "button", class: "rw-button rw-secondary", "data-test-channel": channel.id },
    "Send a test message",
  ) as HTMLButtonElement;
  const send = busy(button, async () => {
    said.textContent = "Sending…";
    const outcome = await callApi(
      `/api/notifications/test?env=${encodeURIComponent(environment)}&channel=${encodeURIComponent(channel.id)}`,
      testMessageResult,
      { method: "POST" },
    );
    said.textContent = outcome.ok ? deliveryWords(outcome.data.delivery) : outcome.message;
    if (outcome.ok) said.dataset.state = outcome.data.delivery.state;
  });
  button.addEventListener("click", () => void send());
  const fix = channelFix(channel);
  const last = channel.lastDeliveredAt
    ? `last delivered ${clockTime(channel.lastDeliveredAt)}`
    : "nothing delivered yet";
  const item = h(
    "li",
    { "data-channel": channel.id },
    h("strong", {}, channel.label),
    ` · ${KIND[channel.kind]} · ${last}`,
    channel.undelivered > 0 ? ` · ${channel.undelivered} undelivered` : "",
    h("br"),
    h("span", { class: "rw-meta" }, `Events: ${channel.events.join(", ")}`),
    fix ? h("p", { class: "rw-fact-error" }, `⚠ ${fix}`) : null,
    h("span", { class: "rw-bar" }, button, " ", said),
  );
  return item;
}

function render(report: NotificationsReport): HTMLElement[] {
  const channels = h(
    "ul",
    { class: "rw-channels" },
    ...report.channels.map((c) => channelItem(c, currentEnvironment() ?? report.environment)),
  );
  if (report.deliveries.length === 0) return [channels, h("p", { class: "rw-desc" }, "No notifications sent yet.")];
  const rows = report.deliveries.map((d) =>
    h(
      "tr",
      { "data-state": d.state, "data-type": d.type },
      h("td", {}, h("time", { datetime: d.occurredAt }, clockTime(d.occurredAt))),
      h("td", {}, d.title),
      h("td", {}, d.channel),
      h("td", {}, deliveryWords(d)),
    ),
  );
  const table = h(
    "table",
    { class: "rw-deliveries" },
    h("caption", {}, "Last deliveries, newest first"),
    h("thead", {}, h("tr", {}, ...["When", "What", "Channel", "Delivery"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...rows),
  );
  return [channels, scrollTable("Last deliveries", table)];
}

/** Mounts `<runbook-notifications>`: the environment's channels, its last deliveries and failures, and a test button. */
export function mountNotifications(element: HTMLElement): void {
  mountPanel(element, {
    path: (env) => `/api/notifications?env=${encodeURIComponent(env)}`,
    schema: notificationsReport,
    auto: true,
    running: (env) => `Reading the notification channels of ${env}…`,
    verdict: notificationsVerdict,
    render,
  });
}
