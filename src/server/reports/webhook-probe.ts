/**
 * @module
 * `POST /api/webhooks/probe`: proves the payments webhook endpoint validates Standard Webhooks
 * signatures by sending it (a) an unsigned delivery, (b) one signed with a throwaway key, and (c) when
 * the test-mode signing secret is bound, a correctly signed `runbook.probe` test event. Signatures come
 * from the `standardwebhooks` reference library (pure JS, so the same in workerd and Node).
 */
import { Webhook } from "standardwebhooks";
import type { FetchLike, ProbeOutcome } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { WebhookAttempt, WebhookProbeReport } from "../../core/incidents/schemas.ts";
import { classifyStatus, PROBE_EVENT_TYPE, webhookVerdict } from "../../core/incidents/webhooks.ts";
import { webhookEndpoint } from "../clients/app.ts";
import { excerpt } from "../clients/excerpt.ts";
import { ApiFailure } from "../errors.ts";

export async function webhookProbeReport(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  now: () => Date = () => new Date(),
): Promise<WebhookProbeReport> {
  const started = performance.now();
  const settings = env.webhooks;
  const endpoint = webhookEndpoint(fetchImpl, env, bindings);
  if (!settings || !endpoint)
    throw new ApiFailure(
      404,
      "not_configured",
      `environment "${env.id}" has no webhooks settings in runbook.config.json`,
    );
  const url = endpoint.url;
  const at = now();
  const body = JSON.stringify({
    business_id: "dashtray-runbook",
    type: PROBE_EVENT_TYPE,
    timestamp: at.toISOString(),
    data: {
      probe: true,
      note: "Sent by the Dashtray runbook's webhook probe to test signature validation. Not a payment event: ignore it.",
    },
  });
  const send = (headers: Record<string, string>) => endpoint.send(headers, body);
  const signedHeaders = (webhook: Webhook) => {
    const id = `msg_runbook_probe_${randomHex(12)}`;
    return {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": webhook.sign(id, at, body),
    };
  };

  const [unsigned, wrong] = await Promise.all([send({}), send(signedHeaders(new Webhook(randomKey())))]);
  const attempts: WebhookAttempt[] = [
    attempt("unsigned", "Unsigned request (no webhook-* headers)", "rejected", unsigned),
    attempt("wrong-signature", "Signed with a wrong key", "rejected", wrong),
  ];
  const signedLabel = `Test event ${PROBE_EVENT_TYPE}, signed with ${settings.secretVariable}`;
  if (attempts.some((a) => a.outcome !== "rejected"))
    attempts.push(skipped(signedLabel, "Not sent: the first two requests already decide the verdict."));
  else {
    const secret = endpoint.signingSecret;
    const webhook = secret === undefined ? undefined : webhookFor(secret);
    if (secret === undefined)
      attempts.push(
        skipped(signedLabel, `Not sent: ${settings.secretVariable} is not set, so the accepted case was not tried.`),
      );
    else if (!webhook)
      attempts.push(
        skipped(
          signedLabel,
          `Not sent: ${settings.secretVariable} is not a Standard Webhooks secret (whsec_ followed by base64).`,
        ),
      );
    else attempts.push(attempt("signed", signedLabel, "accepted", await send(signedHeaders(webhook))));
  }
  return {
    environment: env.id,
    url,
    ...webhookVerdict(attempts, settings.secretVariable),
    attempts,
    secretVariable: settings.secretVariable,
    dashboardUrl: settings.dashboardUrl,
    checkedAt: at.toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

function attempt(
  kind: WebhookAttempt["kind"],
  label: string,
  expected: WebhookAttempt["expected"],
  outcome: ProbeOutcome,
): WebhookAttempt {
  if (outcome.kind === "failure")
    return {
      kind,
      label,
      expected,
      outcome: "failed",
      latencyMs: outcome.latencyMs,
      detail: `${outcome.code}: ${outcome.message}`,
    };
  const judged = classifyStatus(outcome.status);
  const said = answerMessage(outcome.body);
  return {
    kind,
    label,
    expected,
    outcome: judged.outcome,
    status: outcome.status,
    latencyMs: outcome.latencyMs,
    detail: said ? `${judged.detail}: ${said}` : judged.detail,
  };
}

function skipped(label: string, detail: string): WebhookAttempt {
  return { kind: "signed", label, expected: "accepted", outcome: "skipped", detail };
}

/** The endpoint's own words, when it answered with a short error message. */
function answerMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const text = typeof json.error === "object" ? json.error?.message : (json.message ?? json.error);
    return typeof text === "string" ? excerpt(text, [], 160) : "";
  } catch {
    return "";
  }
}

/** The library refuses an empty or non-base64 key; that is a misconfigured binding, not a crash. */
function webhookFor(secret: string): Webhook | undefined {
  try {
    return new Webhook(secret);
  } catch {
    return undefined;
  }
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh key nobody holds, so a signature made with it is well formed and certainly wrong. */
function randomKey(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
}
