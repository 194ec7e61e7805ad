/**
 * @module
 * The `verify.passed` / `verify.failed` event of a whole verify-all: a run in one invocation
 * (`POST /api/verify`, its audit row) or a page's press judged once its last check is in
 * (`history/verify-presses.ts`). One builder, so the team reads both alike.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { buildEvent } from "../../core/notify/build.ts";
import type { NotificationEvent } from "../../core/notify/events.ts";

export interface VerifyOutcome {
  environment: Pick<ResolvedEnvironment, "id" | "label" | "cloudflare" | "convex" | "github">;
  actor: string;
  outcome: "pass" | "warn" | "fail";
  /** The runbook's origin, for the link back to the Verify page. */
  siteUrl: string;
  /** Smoke checks or criteria that did not pass, when known. */
  failing?: string[];
  /** A fixed id, so an event that two invocations may both write is recorded once. */
  id?: string;
}

export function verifyOutcomeEvent(input: VerifyOutcome): NotificationEvent {
  const { environment, outcome } = input;
  const passed = outcome === "pass";
  const failing = input.failing?.slice(0, 50) ?? [];
  return buildEvent({
    type: passed ? "verify.passed" : "verify.failed",
    environment,
    actor: input.actor,
    status: passed ? "success" : outcome === "warn" ? "warning" : "failure",
    facts: { outcome, ...(failing.length > 0 && { checks: failing }) },
    summary: `Verify all on ${environment.label}: ${outcome}. ${
      passed
        ? `${environment.label} meets the success criteria.`
        : `${environment.label} misses the success criteria${failing.length > 0 ? ` (${failing.join(", ")})` : ""}: see the page.`
    }`,
    siteUrl: input.siteUrl,
    ...(input.id && { id: input.id }),
  });
}
