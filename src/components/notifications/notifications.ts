/**
 * @module
 * The Notifications widget's reading of a report, without a DOM: its verdict, and how each delivery
 * and channel is described in words (the state's word, the channel's answer, the fix for a problem).
 */
import type { ChannelSummary, DeliverySummary, NotificationsReport } from "../../core/notify/report.ts";
import type { Verdict } from "../shared/panel.ts";

export function notificationsVerdict(report: NotificationsReport): Verdict {
  if (report.channels.length === 0)
    return { state: "idle", text: `No channels are routed for ${report.environment}`, code: "none" };
  const broken = report.channels.filter((c) => c.problem);
  const undelivered = report.channels.reduce((n, c) => n + c.undelivered, 0);
  if (broken.length > 0)
    return { state: "fail", text: `${broken.map((c) => c.label).join(", ")} cannot send: see below`, code: "problem" };
  if (undelivered > 0)
    return {
      state: "warn",
      text: `${undelivered} notification(s) could not be delivered in the last day`,
      code: "undelivered",
    };
  return { state: "pass", text: `${report.channels.length} channel(s) ready`, code: "ok" };
}

const STATE_WORDS: Record<DeliverySummary["state"], string> = {
  pending: "waiting to retry",
  sending: "sending",
  delivered: "delivered",
  undelivered: "undelivered",
  suppressed: "held back (quiet rule)",
};

/** "delivered · HTTP 200 ok", "waiting to retry (attempt 2) · HTTP 429 rate_limited". */
export function deliveryWords(d: DeliverySummary): string {
  const state =
    d.state === "pending" && d.attempts > 0 ? `${STATE_WORDS.pending} (attempt ${d.attempts})` : STATE_WORDS[d.state];
  return d.lastAnswer ? `${state} · ${d.lastAnswer}` : state;
}

/** What to do about a channel that cannot send or that refused. */
export function channelFix(channel: ChannelSummary): string | null {
  if (channel.problem)
    return `${channel.problem}. Set it as a secret of the Pages project and of the companion Worker (wrangler secret put), then redeploy.`;
  if (channel.undelivered > 0)
    return channel.kind === "slack"
      ? "Slack refused: invalid_token means the webhook was revoked (make a new one); channel_not_found means the channel is gone."
      : channel.kind === "pagerduty"
        ? "PagerDuty refused: check the integration (routing) key of the service."
        : "The receiver refused: check its URL and that it verifies with the same signing secret.";
  return null;
}
