/**
 * @module
 * `rollbackScenario`: a run of failed production deployments (a flaky CI retrying one commit) put
 * between the newest production deployment and the last good one, so the last good one sits on
 * page 2 or page 5 of the Pages API's 25-a-page list, or beyond the runbook's default bound of 200.
 */
import { demoTime } from "./clock.ts";
import { DEMO_DEPLOYMENTS, DEMO_SHAS, type DemoDeployment, shiftIso } from "./history.ts";
import type { DemoSettings } from "./settings.ts";

/** Failed deployments inserted per scenario; the last good one is then at index `n + 2` of the production list. */
const FAILED_RUN: Record<DemoSettings["rollbackScenario"], number> = {
  "page-1": 0,
  "page-2": 30,
  "page-5": 110,
  "beyond-bound": 210,
};

/** Newest of the inserted failures: just before the newest production deployment. */
const NEWEST_FAILURE = demoTime("2026-11-26T08:50:00Z");

const cache = new Map<DemoSettings["rollbackScenario"], readonly DemoDeployment[]>();

/** The history's deployments, newest first, with the scenario's failures in place. */
export function demoDeployments(scenario: DemoSettings["rollbackScenario"]): readonly DemoDeployment[] {
  const cached = cache.get(scenario);
  if (cached) return cached;
  const failures = Array.from(
    { length: FAILED_RUN[scenario] },
    (_, i): DemoDeployment => ({
      id: `fa11ed00-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`,
      environment: "production",
      branch: "main",
      commitSha: DEMO_SHAS.convexUpgrade,
      // Five minutes apart, newest first: all after the failed deploy of that commit in the history.
      createdOn: shiftIso(NEWEST_FAILURE, -i * 300),
      stage: { name: "deploy", status: "failure" },
      version: `2026.11.25-retry.${FAILED_RUN[scenario] - i}`,
    }),
  );
  const [newest, ...rest] = DEMO_DEPLOYMENTS;
  const list = newest ? [newest, ...failures, ...rest] : failures;
  cache.set(scenario, list);
  return list;
}
