/**
 * @module
 * What the rollback action's panel and its press both use: how a deployment is named, and which widget
 * state each outcome shows.
 */
import type { DeploymentRef } from "../../core/deploy/rollback-action.ts";
import type { WidgetState } from "../shared/status.ts";

export const name = (d: DeploymentRef) =>
  `${d.shortId}${d.commit && d.commit !== d.id ? ` (commit ${d.commit.slice(0, 7)})` : ""}`;
export const OUTCOME_STATE: Record<string, WidgetState> = {
  verified: "pass",
  "verify-failed": "fail",
  "not-rolled-back": "error",
  // The write's answer was ambiguous and the read-back could not tell: the next step says how to check.
  unknown: "warn",
};
