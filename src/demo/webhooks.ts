/**
 * @module
 * Standard Webhooks signature verification, as DodoPayments signs its deliveries: headers
 * `webhook-id`, `webhook-timestamp`, `webhook-signature` (`v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.rawBody`, keyed with the base64-decoded part after `whsec_`), 5-minute tolerance.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Not a real secret: a fixed, documented key so demos and tests can sign deliveries. */
export const DEFAULT_WEBHOOK_SECRET = `whsec_${Buffer.from("dashtray-demo-webhook-secret-32b", "utf8").toString("base64")}`;

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookVerdict =
  | { ok: true; id: string }
  | {
      ok: false;
      status: 400 | 401;
      code: "missing_headers" | "invalid_timestamp" | "stale_timestamp" | "future_timestamp" | "invalid_signature";
      message: string;
    };

/** The HMAC key: base64 after the optional `whsec_` prefix. */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

/** `v1,<signature>` for one delivery; what a sender puts in `webhook-signature`. */
export function signWebhook(secret: string, id: string, timestamp: string, body: Buffer | string): string {
  return `v1,${hmac(webhookKey(secret), id, timestamp, typeof body === "string" ? Buffer.from(body, "utf8") : body).toString("base64")}`;
}

/**
 * Verifies one delivery against the raw body. Malformed or missing headers are the sender's
 * mistake (400); a stale timestamp or no matching signature is an authentication failure (401).
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  rawBody: Buffer,
  nowSeconds: number,
): WebhookVerdict {
  const { id, timestamp, signature } = headers;
  const missing = [
    ["webhook-id", id],
    ["webhook-timestamp", timestamp],
    ["webhook-signature", signature],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      status: 400,
      code: "missing_headers",
      message: `Missing Standard Webhooks header(s): ${missing.join(", ")}`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return {
      ok: false,
      status: 400,
      code: "invalid_timestamp",
      message: "webhook-timestamp must be Unix time in seconds",
    };
  }
  const age = nowSeconds - Number(timestamp);
  if (age > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      status: 401,
      code: "stale_timestamp",
      message: `webhook-timestamp is ${age} s old; the tolerance is ${WEBHOOK_TOLERANCE_SECONDS} s`,
    };
  }
  if (-age > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      status: 401,
      code: "future_timestamp",
      message: `webhook-timestamp is ${-age} s in the future; the tolerance is ${WEBHOOK_TOLERANCE_SECONDS} s`,
    };
  }
  const expected = hmac(webhookKey(secret), id, timestamp, rawBody);
  if (
    !candidateSignatures(signature).some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    )
  ) {
    return {
      ok: false,
      status: 401,
      code: "invalid_signature",
      message: "No webhook-signature entry matches the payload",
    };
  }
  return { ok: true, id };
}

/** The `v1` entries of a space-separated signature header, decoded; other versions are skipped. */
function candidateSignatures(header: string): Buffer[] {
  return header
    .split(" ")
    .map((entry) => entry.split(","))
    .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] === "v1" && Boolean(parts[1]))
    .map(([, value]) => Buffer.from(value, "base64"));
}

function hmac(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`, "utf8").update(body).digest();
}
