import type { ChannelKind } from "../../../core/config/notifications.ts";
import { pagerDuty } from "./pagerduty.ts";
import { slack } from "./slack.ts";
import type { ChannelSender } from "./types.ts";
import { webhook } from "./webhook.ts";

export { channelSecrets, urlProblem } from "./secrets.ts";
export type { ChannelSecrets, DeliveryAnswer } from "./types.ts";

/** The sender of each channel kind. */
export const senders: Record<ChannelKind, ChannelSender> = { slack, webhook, pagerduty: pagerDuty };
