/**
 * @module
 * What the team hears from the step-6 monitor: the watch's first breach of the Success Criteria (an
 * alert, PagerDuty trigger `monitor:<env>:<watch>`), and its final verdict once the last slot is
 * sampled ("roll back recommended" when it breached), or "stopped" when someone ends it early. Ids are
 * made from the watch's, so however many samplers save, each is written once, and a watch has one verdict.
 */
import type { ResolvedEnvironment } from "../config/load.ts";
import { breachText, type MonitorSample, type MonitorWatch, slotCount } from "../monitor.ts";
import { buildEvent } from "./build.ts";
import type { NotificationEvent } from "./events.ts";

export interface MonitorNotice {
  environments: readonly ResolvedEnvironment[];
  siteUrl: string | undefined;
}

/** The alert a watch's breach opens. */
export const monitorAlertKey = (watch: Pick<MonitorWatch, "environment" | "id">) =>
  `monitor:${watch.environment}:${watch.id}`;

/** The events a saved sample brings: its breach (the first is kept), and the verdict after the last slot. */
export function monitorEvents(
  notice: MonitorNotice,
  watch: MonitorWatch,
  sample: MonitorSample,
  breachedBefore: boolean,
  recommended = false,
): NotificationEvent[] {
  const environment = notice.environments.find((e) => e.id === watch.environment);
  if (!environment) return [];
  const where = { environment, actor: null, siteUrl: notice.siteUrl, at: sample.at };
  const facts = { ...(watch.deploymentId !== null && { deploymentId: watch.deploymentId }) };
  const events: NotificationEvent[] = [];
  const breached = sample.breached.length > 0;
  if (breached && !breachedBefore)
    events.push(
      buildEvent({
        ...where,
        id: `evt_monitor_${watch.id}_breach`,
        type: "monitor.breach",
        facts: { ...facts, checks: sample.breached },
        summary: breachText(sample, watch, (iso) => iso),
        alert: { key: monitorAlertKey(watch), action: "trigger" },
      }),
    );
  // The verdict once the last slot is in, unless "roll back recommended" was already said.
  if (sample.slot >= slotCount(watch) - 1 && !recommended) {
    const bad = breached || breachedBefore;
    events.push(
      buildEvent({
        ...where,
        id: verdictId(watch),
        type: "monitor.verdict",
        status: bad ? "warning" : "success",
        facts: { ...facts, outcome: bad ? "breached" : "within-criteria" },
        summary: bad
          ? "The watch breached the Success Criteria during its window; see the chart before calling the deploy good."
          : "The watch stayed within the Success Criteria for its whole window.",
      }),
    );
  }
  return events;
}

const verdictId = (watch: Pick<MonitorWatch, "id">) => `evt_monitor_${watch.id}_verdict`;
const recommendedId = (watch: Pick<MonitorWatch, "id">) => `evt_monitor_${watch.id}_recommended`;

/** The watch's verdict "roll back recommended" (the watch Worker's rule: failureLimit breaches in a row). */
export function rollbackRecommended(
  notice: MonitorNotice,
  watch: MonitorWatch,
  at: string,
  reason: string,
): NotificationEvent | undefined {
  const environment = notice.environments.find((e) => e.id === watch.environment);
  if (!environment) return undefined;
  return buildEvent({
    id: recommendedId(watch),
    type: "monitor.verdict",
    environment,
    actor: null,
    at,
    siteUrl: notice.siteUrl,
    status: "failure",
    facts: {
      ...(watch.deploymentId !== null && { deploymentId: watch.deploymentId }),
      outcome: "rollback-recommended",
    },
    summary: `Roll back recommended: ${reason}`.slice(0, 1000),
  });
}

/**
 * The verdict of a watch someone ended before its window was over (Stop, or Restart for a new watch):
 * who stopped it, how far it had got, and whether it had breached, so nobody waits for a verdict that
 * will not come. Same id as the window's own verdict: a watch is told one way or the other.
 */
export function watchStopped(
  notice: MonitorNotice,
  watch: MonitorWatch,
  stop: { by: string; at: string; breached: boolean },
): NotificationEvent | undefined {
  const environment = notice.environments.find((e) => e.id === watch.environment);
  if (!environment) return undefined;
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const ran = Math.max(0, Date.parse(stop.at) - Date.parse(watch.startedAt));
  return buildEvent({
    id: verdictId(watch),
    type: "monitor.verdict",
    environment,
    actor: stop.by,
    at: stop.at,
    siteUrl: notice.siteUrl,
    status: stop.breached ? "warning" : "success",
    facts: {
      ...(watch.deploymentId !== null && { deploymentId: watch.deploymentId }),
      outcome: stop.breached ? "stopped-breached" : "stopped",
    },
    summary: `Stopped by ${stop.by} ${minutes(ran)} of ${minutes(watch.windowMs)} minutes in, before its verdict; ${
      stop.breached
        ? "it had breached the Success Criteria: see the chart before calling the deploy good."
        : "it was within the Success Criteria until then."
    }`,
  });
}
