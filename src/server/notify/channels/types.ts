/**
 * @module
 * What every channel sender shares: the request it builds for an event, and how it reads the answer.
 */
import type { NotificationEvent } from "../../../core/notify/events.ts";

/** A channel's secrets, read from the bindings the config names (never stored, never shown). */
export interface ChannelSecrets {
  url: string;
  /** Standard Webhooks signing secret (webhook channels). */
  secret?: string;
  /** PagerDuty routing key. */
  routingKey?: string;
}

export interface ChannelRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string>; body: string };
}

/**
 * What the channel's answer means: delivered; worth another try (429, 5xx, no answer), after
 * `retryAfterSeconds` when the channel said so; or refused for good (a bad key, a missing channel).
 * `answer` is short and quotes only what the provider documents as its message.
 */
export type DeliveryAnswer =
  | { kind: "delivered"; status: number; answer: string }
  | { kind: "retry"; status: number | null; answer: string; retryAfterSeconds?: number }
  | { kind: "refused"; status: number | null; answer: string };

export interface ChannelSender {
  request(event: NotificationEvent, secrets: ChannelSecrets, now: Date): ChannelRequest;
  read(response: Response): Promise<DeliveryAnswer>;
}

/** `Retry-After` in seconds (delta or HTTP date), or undefined. */
export function retryAfterSeconds(response: Response, now = Date.now()): number | undefined {
  const raw = response.headers.get("retry-after");
  if (raw === null || raw.trim() === "") return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** 429 and 5xx are worth another try; the answer names the status and what the channel said. */
export function retryable(response: Response, answer: string): DeliveryAnswer | undefined {
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const after = retryAfterSeconds(response);
    return { kind: "retry", status: response.status, answer, ...(after !== undefined && { retryAfterSeconds: after }) };
  }
  return undefined;
}

/** Reads at most `max` characters of a body (channels answer briefly; a page of HTML is not read whole). */
export async function shortText(response: Response, max = 512): Promise<string> {
  const text = await response.text().catch(() => "");
  return text.slice(0, max);
}
