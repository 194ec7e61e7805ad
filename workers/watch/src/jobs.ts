/**
 * @module
 * The job registry: what the Cron Trigger runs each minute (and the local clock at the demo's pace).
 * Each job decides for itself what is due and fans out where one invocation's limits would not hold
 * it; one failing job does not stop the others. Adding a job is one line here.
 */
import type { Runtime } from "../../../src/server/runtime.ts";
import type { WatchEnv } from "./env.ts";
import { checksBetweenDeploys } from "./jobs/checks.ts";
import { deliverOutbox } from "./jobs/notifications.ts";
import { wakeRunningWatches } from "./jobs/watches.ts";

export interface JobContext {
  env: WatchEnv;
  runtime: Runtime;
  /** The time the trigger was scheduled for (ms since the epoch). */
  now: number;
}

export interface Job {
  /** Named in the log and in `GET /health`. */
  name: string;
  run(context: JobContext): Promise<void>;
}

export const jobs: readonly Job[] = [wakeRunningWatches, checksBetweenDeploys, deliverOutbox];

/** Runs every job at once; a failure is logged with the job's name and does not stop the rest. */
export async function runJobs(list: readonly Job[], context: JobContext): Promise<void> {
  const outcomes = await Promise.allSettled(list.map((job) => job.run(context)));
  outcomes.forEach((outcome, index) => {
    if (outcome.status === "rejected") console.error(`[watch] job ${list[index]?.name} failed`, outcome.reason);
  });
}
