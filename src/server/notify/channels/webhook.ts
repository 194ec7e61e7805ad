/**
 * @module
 * Generic webhooks signed with Standard Webhooks: the body is the event's documented JSON
 * (`notifications.schema.json`), `webhook-id` is the event id (receivers dedupe on it, retries
 * included), `webhook-timestamp` the send time, `webhook-signature` `v1,<HMAC-SHA256>`.
 */
import { Webhook } from "standardwebhooks";
import { type ChannelSender, retryable, shortText } from "./types.ts";

export const webhook: ChannelSender = {
  request(event, secrets, now) {
    const body = JSON.stringify(event);
    const signer = new Webhook(secrets.secret ?? "");
    return {
      url: secrets.url,
      init: {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": event.id,
          "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
          "webhook-signature": signer.sign(event.id, now, body),
          "user-agent": "dashtray-runbook-notifications",
        },
        body,
      },
    };
  },
  async read(response) {
    // A receiver's body is its own: only the status is kept.
    await shortText(response, 0);
    const answer = `HTTP ${response.status}`;
    if (response.status >= 200 && response.status < 300) return { kind: "delivered", status: response.status, answer };
    return retryable(response, answer) ?? { kind: "refused", status: response.status, answer };
  },
};
