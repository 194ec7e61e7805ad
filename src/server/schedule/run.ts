/**
 * @module
 * One scheduled run of one check, as the watch Worker's `CheckRunner` takes it: claim the slot (one
 * run per check and slot however many invocations reach it), probe once with the same engine as the
 * Verify button, store the run, then open, count or resolve the check's incident by the rules.
 */
import { runCheck, smokeChecks } from "../../core/checks/run.ts";
import type { CheckDefinition } from "../../core/config/checks.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { ScheduleSettings } from "../../core/config/watch.ts";
import { incidentOpened, incidentResolved } from "../../core/notify/incident-events.ts";
import { failuresInARow, incidentStep, isDown } from "../../core/uptime/incident-rules.ts";
import type { ScheduledRun } from "../../core/uptime/schemas.ts";
import { invocationFetch } from "../lib/invocation.ts";
import type { Runtime } from "../runtime.ts";
import type { RunKey, ScheduleStore } from "./store.ts";

/** The checks an environment's schedule runs: those it names, else its smoke checks. */
export function scheduledChecks(environment: ResolvedEnvironment): CheckDefinition[] {
  const names = environment.schedule?.checks;
  if (!names) return smokeChecks(environment);
  return names.flatMap((id) => environment.checks.filter((c) => c.id === id));
}

/** The slot a scheduled time falls in: one run per check per slot. */
export function scheduleSlot(schedule: Pick<ScheduleSettings, "everySeconds">, scheduledTime: number): number {
  return Math.floor(scheduledTime / (schedule.everySeconds * 1000));
}

/** Runs one check for one slot, once. "taken": another invocation has (or had) this slot. */
export async function runScheduledCheck(
  runtime: Runtime,
  store: ScheduleStore,
  environment: ResolvedEnvironment,
  check: CheckDefinition,
  slot: number,
  now: number,
): Promise<{ outcome: "ran"; run: ScheduledRun } | { outcome: "taken" }> {
  const schedule = environment.schedule;
  if (!schedule) throw new Error(`environment "${environment.id}" has no schedule`);
  const key: RunKey = { environment: environment.id, check: check.id, slot };
  if (!(await store.claim(key, now))) return { outcome: "taken" };
  let run: ScheduledRun;
  try {
    // This run is one invocation: its fetch holds to the per-invocation limits, as a request's does.
    const result = await runCheck({ fetch: invocationFetch(runtime.fetch, runtime.limits), environment }, check);
    run = {
      at: result.checkedAt,
      status: result.status,
      latencyMs: result.observed.latencyMs === undefined ? null : Math.round(result.observed.latencyMs),
      httpStatus: result.observed.httpStatus ?? null,
      error: isDown(result.status) ? result.summary.slice(0, 500) : null,
    };
    await store.save(key, run);
  } catch (error) {
    await store.release(key).catch(() => {});
    throw error;
  }
  await judgeIncident(store, environment, check.id, schedule, run, runtime.loaded.config.notifications.siteUrl);
  return { outcome: "ran", run };
}

/** Opens, counts or resolves the check's incident after `run`, by the schedule's rules. */
async function judgeIncident(
  store: ScheduleStore,
  env: ResolvedEnvironment,
  check: string,
  rules: Pick<ScheduleSettings, "openAfter" | "resolveAfter">,
  run: ScheduledRun,
  siteUrl: string | undefined,
): Promise<void> {
  const environment = env.id;
  const [recent, open] = await Promise.all([
    store.recent(environment, check, Math.max(rules.openAfter, rules.resolveAfter)),
    store.openIncident(environment, check),
  ]);
  const statuses = recent.map((r) => r.status);
  const step = incidentStep(statuses, open !== null, rules);
  if (step === "open") {
    const first = recent[failuresInARow(statuses) - 1] ?? run;
    const failures = failuresInARow(statuses);
    const told = incidentOpened(env, { check, openedAt: first.at, failures, lastError: run.error }, run.at, siteUrl);
    await store.open(environment, check, first.at, failures, run.error, told);
  } else if (step === "count-failure" && open) await store.countFailure(open.id, run.error);
  else if (step === "resolve" && open)
    await store.resolve(open.id, run.at, incidentResolved(env, { check, openedAt: open.openedAt }, run.at, siteUrl));
}
