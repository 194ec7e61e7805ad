/**
 * @module
 * Every status and conclusion of a GitHub Actions workflow run, in the runbook's words, with the
 * next step: the one table the build panel, the version panel's drift and the docs
 * (content/docs/reference/upstream-failures.mdx, held to this table by a test) share. GitHub
 * documents the statuses `requested`, `queued`, `pending`, `waiting`, `in_progress`, `completed`, and
 * for a completed run the conclusions `success`, `failure`, `neutral`, `cancelled`, `skipped`,
 * `timed_out`, `action_required`, `stale`, `startup_failure` (or none yet).
 */

/** What the build panel makes of a run. */
export type RunVerdict = "passing" | "failing" | "running" | "waiting" | "inconclusive";

/** Which terminal command shows the run: its failed steps, its whole log, or following it live. */
export type RunLogs = "failed" | "all" | "watch" | "summary";

/** What the run's link is for, beside reading it. */
export type RunLink = "run" | "approval" | "workflow-file";

export interface RunState {
  status: string;
  /** null: a run still going, or a completed run GitHub recorded no conclusion for. */
  conclusion: string | null;
  /** Follows "Deploy run #42 on 3b3ecbb": "succeeded", "is queued". */
  words: string;
  /** What to do now. */
  next: string;
  verdict: RunVerdict;
  logs: RunLogs;
  link: RunLink;
  /** What the version panel makes of it: a warning (production missed a deploy), a note, or nothing. */
  drift: "warn" | "info" | "none";
}

const going = (status: string, words: string, next: string, link: RunLink = "run"): RunState => ({
  status,
  conclusion: null,
  words,
  next,
  verdict: status === "waiting" ? "waiting" : "running",
  logs: "watch",
  link,
  drift: "info",
});

const ended = (conclusion: string | null, state: Omit<RunState, "status" | "conclusion">): RunState => ({
  status: "completed",
  conclusion,
  ...state,
});

/** The table, in the order the docs list it. */
export const RUN_STATES: readonly RunState[] = [
  going(
    "requested",
    "was requested and has no jobs yet",
    "Wait a moment: GitHub is creating its jobs; what is live may change in minutes.",
  ),
  going(
    "queued",
    "is queued, waiting for a runner",
    "Wait; if it stays queued for long, check the repository's runners (a self-hosted runner offline, or the account's concurrent job limit).",
  ),
  going(
    "pending",
    "is pending behind another run of its concurrency group",
    "Wait for the run ahead of it to finish; cancel that one if it is stuck.",
  ),
  going(
    "waiting",
    "waits for an approval: a deployment protection rule (required reviewers or a wait timer) holds it",
    "A required reviewer approves it on the run's page (Review deployments); until then nothing is deployed.",
    "approval",
  ),
  going("in_progress", "is in progress", "Follow it on its page; what is live may change in minutes."),
  ended("success", {
    words: "succeeded",
    next: "Nothing to do: check the version panel says the same commit is live.",
    verdict: "passing",
    logs: "all",
    link: "run",
    drift: "none",
  }),
  ended("failure", {
    words: "failed",
    next: "Read the failed steps' logs, fix, and push again; production still runs the earlier commit.",
    verdict: "failing",
    logs: "failed",
    link: "run",
    drift: "warn",
  }),
  ended("timed_out", {
    words: "timed out: a job ran past its timeout-minutes",
    next: "Read the log of the step that was running when time ran out, then re-run it or raise timeout-minutes; production still runs the earlier commit.",
    verdict: "failing",
    logs: "all",
    link: "run",
    drift: "warn",
  }),
  ended("cancelled", {
    words: "was cancelled, by a person or by a newer run of its concurrency group",
    next: "If a newer run deployed, nothing to do; otherwise re-run it. No step failed.",
    verdict: "failing",
    logs: "all",
    link: "run",
    drift: "warn",
  }),
  ended("startup_failure", {
    words: "failed to start: the workflow file is invalid",
    next: "Open the run's page for the error GitHub found (a syntax error, a bad expression, a reusable workflow it cannot reach) and fix the workflow file; no step ran, so there are no step logs.",
    verdict: "failing",
    logs: "summary",
    link: "workflow-file",
    drift: "warn",
  }),
  ended("action_required", {
    words: "waits for a maintainer's approval before it runs",
    next: "A maintainer approves it on the run's page (Approve and run); no step has run, so there are no logs to read yet.",
    verdict: "waiting",
    logs: "summary",
    link: "approval",
    drift: "info",
  }),
  ended("stale", {
    words: "is stale: GitHub gave up on it, superseded or left waiting too long",
    next: "Nothing to fix in it: look at the newest run; re-run this one only if no newer deploy ran.",
    verdict: "inconclusive",
    logs: "summary",
    link: "run",
    drift: "none",
  }),
  ended("neutral", {
    words: "ended neutral, neither success nor failure",
    next: "Check in its log whether it deployed; the version panel says what is live.",
    verdict: "inconclusive",
    logs: "all",
    link: "run",
    drift: "none",
  }),
  ended("skipped", {
    words: "was skipped: its jobs' conditions were not met, so nothing was deployed",
    next: "If a deploy was expected, check the workflow's if: conditions and the branch it ran on.",
    verdict: "inconclusive",
    logs: "summary",
    link: "run",
    drift: "none",
  }),
  ended(null, {
    words: "completed without a conclusion",
    next: "Open its page: GitHub has not recorded how it ended yet.",
    verdict: "inconclusive",
    logs: "summary",
    link: "run",
    drift: "none",
  }),
];

/**
 * The row of a run. A status or conclusion GitHub adds later gets words of its own that quote it,
 * and no advice it may not deserve.
 */
export function runState(status: string, conclusion: string | null): RunState {
  const done = status === "completed";
  const found = RUN_STATES.find((s) => s.status === status && (!done || s.conclusion === conclusion));
  if (found) return found;
  return done
    ? ended(conclusion, {
        words: `ended: ${conclusion}`,
        next: "Open its page to see how it ended.",
        verdict: "inconclusive",
        logs: "summary",
        link: "run",
        drift: "none",
      })
    : going(status, `is ${status.replaceAll("_", " ")}`, "Open its page to follow it.");
}

/** The terminal command that shows the run as its state needs. */
export function runLogsCommand(state: RunState, runId: string, repo: string): { label: string; command: string } {
  const where = `${runId} --repo ${repo}`;
  switch (state.logs) {
    case "failed":
      return { label: "Read the failed steps' logs from a terminal", command: `gh run view ${where} --log-failed` };
    case "all":
      return { label: "Read the run's logs from a terminal", command: `gh run view ${where} --log` };
    case "watch":
      return { label: "Follow the run from a terminal", command: `gh run watch ${where}` };
    case "summary":
      return { label: "See the run's summary from a terminal", command: `gh run view ${where}` };
  }
}
