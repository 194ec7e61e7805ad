/**
 * @module
 * What the webhook probe says, as plain data (no DOM): the verdict line and one row per request.
 */
import type { WebhookAttempt, WebhookProbeReport } from "../../core/incidents/schemas.ts";
import type { Verdict } from "../shared/panel.ts";

/** Only "validation on" passes; an endpoint that is down cannot be judged, so it is an error, not a fail. */
export function probeVerdict(report: WebhookProbeReport): Verdict {
  const state = report.verdict === "validation-on" ? "pass" : report.verdict === "endpoint-down" ? "error" : "fail";
  return { state, code: report.verdict, text: report.title };
}

/** Whether a request got the answer a validating endpoint gives it, and what it should have got. */
export function attemptMark(attempt: WebhookAttempt): { mark: "✓" | "✗" | "–"; should: string } {
  if (attempt.outcome === "skipped") return { mark: "–", should: "" };
  const should = attempt.expected === "rejected" ? "should be refused (4xx)" : "should be accepted (2xx)";
  return { mark: attempt.outcome === attempt.expected ? "✓" : "✗", should };
}
