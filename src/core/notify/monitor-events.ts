/**
 * @module
 * What the team hears from the step-6 monitor: the watch's first breach of the Success Criteria (an
 * alert, PagerDuty trigger `monitor:<env>:<watch>`), and its final verdict once the last slot is
 * sampled ("roll back recommended" when it breached). Ids are made from the watch's, so however many
 * samplers save, each is written once.
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
  if (sample.slot >= slotCount(watch) - 1) {
    const recommend = breached || breachedBefore;
    events.push(
      buildEvent({
        ...where,
        id: `evt_monitor_${watch.id}_verdict`,
        type: "monitor.verdict",
        status: recommend ? "failure" : "success",
        facts: { ...facts, outcome: recommend ? "rollback-recommended" : "within-criteria" },
        summary: recommend
          ? `The watch breached the Success Criteria: roll back (runbook: Rollback Procedure).`
          : `The watch stayed within the Success Criteria for its whole window.`,
      }),
    );
  }
  return events;
}
