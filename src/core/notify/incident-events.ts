/**
 * @module
 * What the team hears from the checks between deploys: an incident of a check opened (a PagerDuty
 * trigger) and resolved (its resolve, on every channel the trigger reached). The alert key is made
 * from the check and the time the incident opened, which both ends know.
 */
import type { ResolvedEnvironment } from "../config/load.ts";
import { buildEvent } from "./build.ts";
import type { NotificationEvent } from "./events.ts";

export const incidentAlertKey = (environment: string, check: string, openedAt: string) =>
  `incident:${environment}:${check}:${openedAt}`;

export function incidentOpened(
  environment: ResolvedEnvironment,
  incident: { check: string; openedAt: string; failures: number; lastError: string | null },
  at: string,
  siteUrl: string | undefined,
): NotificationEvent {
  return buildEvent({
    type: "incident.opened",
    environment,
    actor: null,
    at,
    siteUrl,
    facts: { checks: [incident.check], incidentId: `${incident.check}@${incident.openedAt}`.slice(0, 64) },
    summary:
      `Check ${incident.check} failed ${incident.failures} time(s) in a row since ${incident.openedAt}${incident.lastError ? `: ${incident.lastError}` : ""}`.slice(
        0,
        1000,
      ),
    alert: { key: incidentAlertKey(environment.id, incident.check, incident.openedAt), action: "trigger" },
  });
}

export function incidentResolved(
  environment: ResolvedEnvironment,
  incident: { check: string; openedAt: string },
  at: string,
  siteUrl: string | undefined,
): NotificationEvent {
  return buildEvent({
    type: "incident.resolved",
    environment,
    actor: null,
    at,
    siteUrl,
    facts: { checks: [incident.check], incidentId: `${incident.check}@${incident.openedAt}`.slice(0, 64) },
    summary: `Check ${incident.check} passes again; the incident opened at ${incident.openedAt} is resolved.`,
    alert: { key: incidentAlertKey(environment.id, incident.check, incident.openedAt), action: "resolve" },
  });
}
