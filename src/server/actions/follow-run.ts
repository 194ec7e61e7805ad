/**
 * @module
 * Finding and following the workflow run a dispatch started, within the invocation's budget: GitHub's
 * run details where it answered them, else the `workflow_dispatch` runs created since the press. Each
 * change of the run is published; following stops at its conclusion, at an approval it waits for, or
 * when the reads set aside for it are used.
 */
import type { FollowedRun } from "../../core/deploy/rollback-action.ts";
import type { DispatchedRun, WorkflowRunsClient } from "../clients/github-write.ts";

/** Waits before each look for the run a dispatch started (GitHub lists it a moment after answering). */
export const FIND_WAITS_MS = [1_000, 2_000, 3_000, 4_000];
/** Waits before each read of a run being followed: about 3 minutes in 12 subrequests. */
export const FOLLOW_WAITS_MS = [0, 2_000, 3_000, 5_000, 5_000, 10_000, 10_000, 15_000, 15_000, 20_000, 30_000, 30_000];

/** Where following stopped: the run's conclusion, an approval it waits for, or the budget. */
export type RunEnd = "completed" | "approval" | "unfinished";

export const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export function followed(run: DispatchedRun): FollowedRun {
  return { id: run.id, url: run.url, status: run.status, conclusion: run.conclusion };
}

/** Does the run wait for a person (an environment's required reviewers, or a run GitHub holds for approval)? */
export function needsApproval(run: Pick<DispatchedRun, "status" | "conclusion">): boolean {
  return run.status === "waiting" || run.conclusion === "action_required";
}

/** The first `workflow_dispatch` run created since the press; undefined when none shows up in time. */
export async function findRun(
  client: WorkflowRunsClient,
  since: string,
  waits: readonly number[] = FIND_WAITS_MS,
): Promise<DispatchedRun | undefined> {
  for (const wait of waits) {
    await sleep(wait);
    const runs = await client.runsSince(since);
    if (runs.ok && runs.data[0]) return runs.data[0];
  }
  return undefined;
}

/** Follows a run until it completes, waits for approval, or the reads run out; publishes each change. */
export async function followRun(
  client: WorkflowRunsClient,
  first: DispatchedRun,
  onChange: (run: DispatchedRun) => void,
  waits: readonly number[] = FOLLOW_WAITS_MS,
): Promise<{ run: DispatchedRun; end: RunEnd }> {
  let run = first;
  let seen = `${run.status}/${run.conclusion}`;
  for (const wait of waits) {
    if (run.status === "completed" && !needsApproval(run)) return { run, end: "completed" };
    if (needsApproval(run)) return { run, end: "approval" };
    await sleep(wait);
    const read = await client.run(run.id);
    if (!read.ok) continue;
    run = read.data;
    if (`${run.status}/${run.conclusion}` !== seen) {
      seen = `${run.status}/${run.conclusion}`;
      onChange(run);
    }
  }
  if (needsApproval(run)) return { run, end: "approval" };
  return { run, end: run.status === "completed" ? "completed" : "unfinished" };
}
