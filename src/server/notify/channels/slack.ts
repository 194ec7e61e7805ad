/**
 * @module
 * Slack incoming webhooks: one Block Kit message per event (status, environment, who, why, and link
 * buttons back to the runbook page, the deployment and the dashboards), `text` as the notification
 * fallback. Slack answers `200 ok`, or a plain-text error code with 4xx (`invalid_payload`, `no_text`,
 * `invalid_token`, `action_prohibited`, `channel_not_found`, `channel_is_archived`), 429 with
 * `Retry-After`, or 5xx (`rollup_error`). There is no idempotency key: the outbox dedupes.
 */
import type { NotificationEvent } from "../../../core/notify/events.ts";
import { type ChannelSender, retryable, shortText } from "./types.ts";

const EMOJI: Record<NotificationEvent["status"], string> = {
  info: ":information_source:",
  success: ":white_check_mark:",
  warning: ":warning:",
  failure: ":rotating_light:",
};

/** Slack's mrkdwn treats `&`, `<` and `>` as markup: text from people is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The Block Kit message of an event. */
export function slackMessage(event: NotificationEvent): { text: string; blocks: unknown[] } {
  const fields = [
    `*Status*\n${event.status}`,
    `*Environment*\n${escapeMrkdwn(event.environment.label)}`,
    `*Who*\n${escapeMrkdwn(event.actor ?? "the runbook")}`,
    ...(event.reason ? [`*Why*\n${escapeMrkdwn(cut(event.reason, 1900))}`] : []),
    ...(event.facts.commit ? [`*Commit*\n\`${escapeMrkdwn(event.facts.commit.slice(0, 12))}\``] : []),
    ...(event.facts.outcome ? [`*Outcome*\n${escapeMrkdwn(event.facts.outcome)}`] : []),
  ];
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: cut(`${event.title}`, 150), emoji: true } },
    {
      type: "section",
      text: { type: "mrkdwn", text: `${EMOJI[event.status]} ${escapeMrkdwn(cut(event.summary, 2900))}` },
    },
    { type: "section", fields: fields.slice(0, 10).map((text) => ({ type: "mrkdwn", text })) },
  ];
  if (event.links.length > 0)
    blocks.push({
      type: "actions",
      elements: event.links.slice(0, 5).map((link, index) => ({
        type: "button",
        action_id: `link-${index}`,
        text: { type: "plain_text", text: cut(link.label, 75) },
        url: link.url,
      })),
    });
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `${event.type} · ${event.occurredAt} · ${event.id}` }],
  });
  return { text: cut(`${event.title}: ${event.summary}`, 3000), blocks };
}

export const slack: ChannelSender = {
  request(event, secrets) {
    return {
      url: secrets.url,
      init: {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(slackMessage(event)),
      },
    };
  },
  async read(response) {
    const body = (await shortText(response, 200)).trim();
    // Slack's documented answers are bare codes; anything else (an HTML page) is not quoted.
    const code = /^[a-z_]{1,64}$/.test(body) ? body : "";
    const answer = `HTTP ${response.status}${code ? ` ${code}` : ""}`;
    if (response.status === 200) return { kind: "delivered", status: 200, answer };
    return retryable(response, answer) ?? { kind: "refused", status: response.status, answer };
  },
};
