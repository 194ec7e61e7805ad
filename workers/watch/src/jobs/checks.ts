/**
 * @module
 * Checks between deploys: on each tick, for every environment with a `schedule`, the checks whose slot
 * has no run yet go to their `CheckRunner` (one invocation each), and a bounded bite of old runs is
 * pruned. The tick itself makes one D1 read, one prune and one subrequest per due check.
 */
import { historyDatabase, isDatabase } from "../../../../src/server/history/database.ts";
import { scheduledChecks, scheduleSlot } from "../../../../src/server/schedule/run.ts";
import { scheduleStore } from "../../../../src/server/schedule/store.ts";
import type { CheckTurn } from "../check-runner.ts";
import { objectNamed } from "../durable.ts";
import type { Job } from "../jobs.ts";

const DAY_MS = 86_400_000;
/** Resolved incidents are kept this long. */
const INCIDENT_RETENTION_DAYS = 90;

export const checksBetweenDeploys: Job = {
  name: "checks",
  async run({ env, runtime, now }) {
    const scheduled = runtime.loaded.environments.filter((e) => e.schedule);
    if (scheduled.length === 0 || !isDatabase(env.RUNBOOK_DB)) return;
    const store = scheduleStore(await historyDatabase(env.RUNBOOK_DB));
    await Promise.all(
      scheduled.map(async (environment) => {
        const schedule = environment.schedule;
        if (!schedule) return;
        const slot = scheduleSlot(schedule, now);
        const claimed = await store.claimed(environment.id, slot);
        const due = scheduledChecks(environment).filter((c) => !claimed.has(c.id));
        const outcomes = await Promise.allSettled(
          due.map(async (check) => {
            const turn: CheckTurn = { environment: environment.id, check: check.id, slot };
            const res = await objectNamed(env.CHECK_RUNNERS, `${environment.id}:${check.id}`).fetch(
              "https://check-runner/run",
              { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(turn) },
            );
            const text = await res.text();
            if (!res.ok) throw new Error(`${check.id}: ${res.status} ${text.slice(0, 200)}`);
          }),
        );
        for (const outcome of outcomes)
          if (outcome.status === "rejected")
            console.error(`[watch] scheduled check of ${environment.id} failed`, outcome.reason);
        await store.prune(
          environment.id,
          new Date(now - schedule.retentionDays * DAY_MS).toISOString(),
          new Date(now - INCIDENT_RETENTION_DAYS * DAY_MS).toISOString(),
        );
      }),
    );
  },
};
