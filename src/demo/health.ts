/**
 * @module
 * The app's health document, shaped after the IETF "Health Check Response Format for HTTP APIs"
 * draft (`application/health+json`): overall status, release, and one entry per dependency.
 */
import { DEMO_CONVEX_DEPLOYMENT } from "./history.ts";
import type { FrontendRelease } from "./release.ts";

export type HealthStatus = "pass" | "warn" | "fail";

export interface HealthCheck {
  componentId?: string;
  componentType?: string;
  status: HealthStatus;
  observedValue?: number;
  observedUnit?: string;
  output?: string;
  time: string;
}

export interface HealthDocument {
  status: HealthStatus;
  version: string;
  releaseId: string;
  description: string;
  output?: string;
  checks: Record<string, HealthCheck[]>;
}

export const HEALTH_CONTENT_TYPE = "application/health+json";

/** The worst status wins: one `fail` makes the whole document `fail`. */
function overallStatus(checks: Record<string, HealthCheck[]>): HealthStatus {
  const statuses = Object.values(checks).flatMap((list) => list.map((c) => c.status));
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("warn")) return "warn";
  return "pass";
}

/** 200 for pass and warn, 503 for fail, as the draft recommends. */
export function healthHttpStatus(status: HealthStatus): number {
  return status === "fail" ? 503 : 200;
}

/**
 * Builds the health document for the served release. `webhookStatus` is the payments sub-check:
 * degraded mode reports delayed deliveries as `warn`.
 */
export function buildHealth(release: FrontendRelease, webhookStatus: HealthStatus, now: Date): HealthDocument {
  const time = now.toISOString();
  const checks: Record<string, HealthCheck[]> = {
    "convex:responseTime": [
      {
        componentId: DEMO_CONVEX_DEPLOYMENT,
        componentType: "datastore",
        status: "pass",
        observedValue: 12,
        observedUnit: "ms",
        time,
      },
    ],
    "payments:oldestUnprocessedEvent": [paymentsCheck(webhookStatus, time)],
    "email:delivery": [{ componentId: "email", componentType: "component", status: "pass", time }],
  };
  const status = overallStatus(checks);
  const output = Object.values(checks)
    .flat()
    .filter((c) => c.status !== "pass" && c.output)
    .map((c) => c.output)
    .join("; ");
  return {
    status,
    version: release.version,
    releaseId: release.commit.slice(0, 7),
    description: "Dashtray",
    ...(output ? { output } : {}),
    checks,
  };
}

/** Observed value: age of the oldest unprocessed DodoPayments event, in seconds (the measurement in its key). */
function paymentsCheck(status: HealthStatus, time: string): HealthCheck {
  const check: HealthCheck = {
    componentId: "dodopayments",
    componentType: "component",
    status,
    observedValue: 2,
    observedUnit: "s",
    time,
  };
  if (status === "warn") {
    return {
      ...check,
      observedValue: 840,
      output: "Webhook delivery delayed: the oldest unprocessed DodoPayments event is 14 minutes old",
    };
  }
  if (status === "fail")
    return {
      ...check,
      observedValue: 7_200,
      output: "Webhook deliveries failing: no DodoPayments event processed for 2 hours",
    };
  return check;
}
