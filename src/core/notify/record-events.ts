/**
 * @module
 * The events of each record the runbook keeps, built the same way wherever the record is written:
 * deployments started and finished, rollback and Convex redeploy actions pressed and how they ended.
 */

import { buildEvent, type EventInput } from "./build.ts";
import type { NotificationEvent } from "./events.ts";

type Environment = EventInput["environment"];
interface Where {
  environment: Environment;
  actor: string;
  siteUrl?: string | undefined;
  at: string;
}

export function deploymentStarted(
  where: Where,
  deployment: { targetCommit: string; version?: string | undefined },
): NotificationEvent {
  return buildEvent({
    ...where,
    type: "deployment.started",
    facts: { commit: deployment.targetCommit, ...(deployment.version && { version: deployment.version }) },
    summary: `${where.actor} started deploying ${deployment.targetCommit.slice(0, 7)}${deployment.version ? ` (${deployment.version})` : ""} to ${where.environment.label}.`,
  });
}

const FINISHED = {
  succeeded: "deployment.succeeded",
  rolled_back: "deployment.rolled_back",
  abandoned: "deployment.abandoned",
} as const;

export function deploymentFinished(
  where: Where,
  deployment: { id: number; targetCommit: string },
  status: keyof typeof FINISHED,
): NotificationEvent {
  const words = { succeeded: "finished and verified", rolled_back: "rolled back", abandoned: "abandoned" }[status];
  return buildEvent({
    ...where,
    type: FINISHED[status],
    facts: { deploymentId: deployment.id, commit: deployment.targetCommit, outcome: status },
    summary: `Deployment ${deployment.id} (${deployment.targetCommit.slice(0, 7)}) on ${where.environment.label} was ${words} by ${where.actor}.`,
  });
}

export interface ActionFacts {
  kind: "pages-rollback" | "convex-redeploy";
  fromId: string;
  toId: string;
  toCommit: string | null;
  reason: string;
}

const actionName = (kind: ActionFacts["kind"]) => (kind === "convex-redeploy" ? "Convex redeploy" : "Pages rollback");

export function actionPressed(where: Where, action: ActionFacts): NotificationEvent {
  return buildEvent({
    ...where,
    type: "action.pressed",
    reason: action.reason,
    facts: {
      actionKind: action.kind,
      fromId: action.fromId.slice(0, 64),
      toId: action.toId.slice(0, 64),
      ...(action.toCommit && { commit: action.toCommit }),
    },
    summary: `${where.actor} pressed ${actionName(action.kind)} on ${where.environment.label}: ${action.fromId.slice(0, 8)} → ${action.toId.slice(0, 8)}.`,
  });
}

/**
 * How an action ended, as read back: verified, verify_failed, not_rolled_back, unknown. A verified
 * rollback resolves the alert the monitor's breach opened (`resolves`), if there is one.
 */
export function actionOutcome(
  where: Where,
  action: ActionFacts,
  outcome: string,
  verification: string,
  resolves?: string,
): NotificationEvent {
  return buildEvent({
    ...where,
    type: "action.outcome",
    alert: outcome === "verified" && resolves ? { key: resolves, action: "resolve" } : null,
    status: outcome === "verified" ? "success" : outcome === "not_rolled_back" ? "warning" : "failure",
    reason: action.reason,
    facts: {
      actionKind: action.kind,
      fromId: action.fromId.slice(0, 64),
      toId: action.toId.slice(0, 64),
      outcome,
      ...(action.toCommit && { commit: action.toCommit }),
    },
    summary: `${actionName(action.kind)} on ${where.environment.label} by ${where.actor}: ${outcome.replaceAll("_", " ")}. ${verification}`,
  });
}
