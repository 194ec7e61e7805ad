/**
 * @module
 * The webhook probe's judgement: what each answer means for one request, and the verdict over all
 * three. An endpoint that validates signatures refuses (a) an unsigned and (b) a wrongly signed
 * delivery with 4xx and accepts (c) a correctly signed one with 2xx.
 */
import type { WebhookAttempt, WebhookVerdictCode } from "./schemas.ts";

export const PROBE_EVENT_TYPE = "runbook.probe";

/** Where DodoPayments shows deliveries and replays them: its dashboard (no public API lists them). */
export const DODO_DASHBOARD_URL = "https://app.dodopayments.com/";

/** An HTTP status as one of the attempt outcomes; 404/405 mean there is no endpoint, not a refusal. */
export function classifyStatus(status: number): { outcome: WebhookAttempt["outcome"]; detail: string } {
  if (status >= 200 && status < 300) return { outcome: "accepted", detail: `accepted (HTTP ${status})` };
  if (status === 404 || status === 405 || status === 410)
    return {
      outcome: "failed",
      detail: `HTTP ${status}: no webhook endpoint at this URL (not deployed here, or the path is wrong)`,
    };
  if (status === 408 || status === 429)
    return { outcome: "failed", detail: `HTTP ${status}: the endpoint did not take the request; try again` };
  if (status >= 400 && status < 500) return { outcome: "rejected", detail: `rejected (HTTP ${status})` };
  if (status >= 300 && status < 400)
    return { outcome: "failed", detail: `HTTP ${status}: redirected; a webhook URL must answer itself` };
  return { outcome: "failed", detail: `HTTP ${status}: the endpoint failed` };
}

export interface Verdict {
  verdict: WebhookVerdictCode;
  title: string;
  detail: string;
}

/** The verdict over the attempts (unsigned, wrong signature, then signed when it was sent). */
export function webhookVerdict(attempts: readonly WebhookAttempt[], secretVariable: string): Verdict {
  const by = (kind: WebhookAttempt["kind"]) => attempts.find((a) => a.kind === kind);
  const unsigned = by("unsigned");
  const wrong = by("wrong-signature");
  const signed = by("signed");
  if (unsigned?.outcome === "accepted" || wrong?.outcome === "accepted") {
    const what = unsigned?.outcome === "accepted" ? "unsigned requests" : "a wrongly signed request";
    return {
      verdict: "validation-off",
      title: `Endpoint accepts ${what}: signature validation is OFF`,
      detail:
        "Anyone who knows the URL can post fake payment events. Verify webhook-id, webhook-timestamp and webhook-signature against the raw body before handling anything (step 2 below), and check that the signing secret is set in the Convex deployment.",
    };
  }
  const down = [unsigned, wrong].find((a) => a?.outcome === "failed");
  if (down)
    return {
      verdict: "endpoint-down",
      title: "Endpoint down",
      detail: `The endpoint did not give a usable answer: ${down.detail}. DodoPayments' deliveries fail the same way; check the URL (step 1) and the Convex deployment.`,
    };
  if (!signed || signed.outcome === "skipped")
    return {
      verdict: "validation-on",
      title: "Signature validation is on",
      detail: `Unsigned and wrongly signed requests are refused. ${signed?.detail ?? `Set ${secretVariable} to also prove that a correctly signed event is accepted.`}`,
    };
  if (signed.outcome === "accepted")
    return {
      verdict: "validation-on",
      title: "Signature validation is on",
      detail: "Unsigned and wrongly signed requests are refused, and a correctly signed test event is accepted.",
    };
  if (signed.outcome === "rejected")
    return {
      verdict: "secret-mismatch",
      title: "Endpoint refuses correctly signed events: the signing secret differs",
      detail: `The endpoint verifies signatures, but not with the secret in ${secretVariable}: real deliveries signed with that secret fail with 401 too. Set the endpoint's secret from the DodoPayments dashboard (Webhooks → the endpoint → signing secret) in the Convex deployment, or fix ${secretVariable}.`,
    };
  return {
    verdict: "handler-error",
    title: "Endpoint fails on a correctly signed event",
    detail: `The signature checks pass, then the handler fails (${signed.detail}). Read the Convex logs (step 3) for the exception.`,
  };
}
