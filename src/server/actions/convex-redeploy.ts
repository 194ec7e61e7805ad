/**
 * @module
 * The Convex redeploy, once every guard passed: one `workflow_dispatch` of the configured workflow at
 * the good commit, its answer read as done, refused or unknown; the run it started found and followed
 * to its conclusion (its link shown at once); then Convex asked until it reports the commit; then the
 * smoke suite whenever Convex runs it; and the outcome recorded.
 */
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import { deployRunsUrl } from "../../core/deploy/links.ts";
import type { RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { readVersion } from "../clients/app.ts";
import { type DispatchedRun, dispatchWorkflow, workflowRunsClient } from "../clients/github-write.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { findRun, followed, followRun, needsApproval, sleep } from "./follow-run.ts";
import { type Outcome, recordOutcome } from "./record.ts";
import { oddAnswer } from "./refs.ts";
import type { ActionRun } from "./types.ts";
import { smokeRun } from "./verify.ts";

/** Waits before each read of Convex's version once the run succeeded: four subrequests over about 7 s. */
export const CONVEX_WAITS_MS = [0, 1_000, 2_000, 4_000];
/** Subrequests kept back from the smoke run: the dispatch, finding and following the run, Convex's version. */
const RESERVED_SUBREQUESTS = 25;

export async function redeployConvex(o: ActionRun): Promise<RollbackEvent> {
  const { runtime, env, publish, to, from } = o;
  publish({ type: "start", environment: env.id, by: o.actor, from, to, reason: o.reason, joined: false });
  const workflow = o.settings.convexWorkflow;
  const github = env.github;
  if (!workflow || !github) throw new Error("[actions] convex workflow settings vanished");
  const client = workflowRunsClient({
    fetch: runtime.fetch,
    settings: github,
    workflow: workflow.workflow,
    tokenVariable: workflow.tokenVariable,
    bindings: o.bindings,
  });
  const runsPage = `${deployRunsUrl({ ...github, workflow: workflow.workflow })}?query=event%3Aworkflow_dispatch`;
  const endpoint = deployClients(runtime.fetch, env, o.bindings).convex;
  const convexRuns = async () => {
    const version = endpoint ? await readVersion(runtime.fetch, endpoint) : undefined;
    return version?.ok ? version.data.commit : null;
  };
  const still = (running: string | null) =>
    running ? `Convex still runs ${shortSha(running)}` : "what Convex runs could not be read";

  const answer = await dispatchWorkflow({
    fetch: runtime.fetch,
    settings: github,
    workflow: workflow.workflow,
    input: workflow.input,
    tokenVariable: workflow.tokenVariable,
    bindings: o.bindings,
    sha: to.id,
    returnRunDetails: true,
    timeoutMs: o.settings.answerTimeoutSeconds * 1000,
  });
  // GitHub's odd answer in a sentence, when it was neither a clear yes nor a documented no.
  const unclear = !answer.ok && answer.applied === "unknown" ? oddAnswer(answer.error.message) : undefined;
  if (!answer.ok && answer.applied === "no") {
    publish({ type: "answer", verdict: "refused", said: `GitHub refused the dispatch: ${answer.error.message}` });
    return recordOutcome(o, "convex", {
      outcome: "not-rolled-back",
      switched: false,
      headline: `Not redeployed: GitHub refused the dispatch, and Convex still runs ${shortSha(from.id)} (${answer.error.message})`,
      next: "Fix what GitHub names (a rate limit passes: press again after the time it gives), or run the redeploy commands from the page.",
      verification: "No verification: nothing changed.",
      code: answer.error.code === "rate_limited" ? "github_rate_limited" : "github_refused",
    });
  }
  publish({
    type: "answer",
    verdict: answer.ok ? "done" : "unknown",
    said: !answer.ok
      ? (unclear ?? "")
      : answer.data.run
        ? `GitHub started run ${answer.data.run.id}: ${answer.data.run.htmlUrl}`
        : "GitHub accepted the dispatch (HTTP 204, without the run's details).",
  });
  const reported = answer.ok && answer.data.run ? await client.run(answer.data.run.id) : undefined;
  let run: DispatchedRun | undefined = reported?.ok ? reported.data : undefined;
  if (!run) run = await findRun(client, o.pressedAt);
  if (unclear !== undefined)
    publish({
      type: "read-back",
      switched: run ? true : null,
      said: run
        ? `a workflow_dispatch run started since the press: ${run.url}`
        : "no workflow_dispatch run since the press yet",
    });

  if (!run) {
    const running = await convexRuns();
    if (running && sameCommit(running, to.id)) return verifyAndRecord(o, running, undefined);
    return recordOutcome(o, "convex", {
      outcome: unclear ? "not-rolled-back" : "unknown",
      switched: unclear ? false : null,
      headline: unclear
        ? `Not redeployed: ${unclear}, no run of ${workflow.workflow} started since the press, and ${still(running)}.`
        : `Dispatched, but no run of ${workflow.workflow} showed up since the press, and ${still(running)}.`,
      next: `Look at ${runsPage} before pressing again: a run that shows up late deploys all the same.`,
      verification: `No verification: no run to follow (${still(running)}).`,
      code: unclear ? "dispatch_unclear_no_run" : "run_not_found",
    });
  }
  publish({ type: "run", run: followed(run), said: `Run ${run.id}: ${run.url}` });
  const { run: last, end } = await followRun(client, run, (r) =>
    publish({
      type: "run",
      run: followed(r),
      said: `Run ${r.id}: ${r.status}${r.conclusion ? `, ${r.conclusion}` : ""}`,
    }),
  );
  if (end === "approval" || end === "unfinished")
    return recordOutcome(o, "convex", {
      outcome: "unknown",
      switched: null,
      headline:
        end === "approval" || needsApproval(last)
          ? `Dispatched, not deployed yet: the deploy run waits for approval (${last.url}).`
          : `Dispatched, still deploying: the deploy run is ${last.status ?? "not finished"} (${last.url}).`,
      next:
        end === "approval"
          ? `Someone who may approve deployments to this environment approves it at ${last.url} (Review deployments); once it finished, press Verify. Convex keeps ${shortSha(from.id)} until then.`
          : `Watch ${last.url}; once it finished, press Verify on this page.`,
      verification: "No verification yet: the run has not finished.",
      code: end === "approval" ? "run_waiting" : "run_unfinished",
      runUrl: last.url,
    });
  if (last.conclusion !== "success") {
    const running = await convexRuns();
    return recordOutcome(o, "convex", {
      outcome: "not-rolled-back",
      switched: false,
      headline: `Not redeployed: the deploy run ended ${last.conclusion ?? "without a conclusion"}, and ${still(running)}.`,
      next: `Read the run at ${last.url}, fix what it names, then press again or run the redeploy commands from the page.`,
      verification: `No verification: the run did not deploy (${still(running)}).`,
      code: "run_failed",
      runUrl: last.url,
    });
  }
  let running: string | null = null;
  for (const wait of CONVEX_WAITS_MS) {
    await sleep(wait);
    running = await convexRuns();
    if (running && sameCommit(running, to.id)) break;
  }
  return verifyAndRecord(o, running, last.url);
}

/** After the run: the smoke suite when Convex reports the commit (or whatever it reports), and the outcome. */
async function verifyAndRecord(
  o: ActionRun,
  running: string | null,
  runUrl: string | undefined,
): Promise<RollbackEvent> {
  const { to, publish } = o;
  const arrived = running !== null && sameCommit(running, to.id);
  if (arrived) publish({ type: "rolled-back", live: to });
  const summary = await smokeRun(o, RESERVED_SUBREQUESTS);
  const smoke = `Smoke suite: ${summary.status} (${summary.summary}).`;
  const version = arrived
    ? `Version check: Convex reports commit ${shortSha(to.id)}.`
    : `Version check: Convex reports ${running ? shortSha(running) : "nothing readable"}, not ${shortSha(to.id)} yet.`;
  publish({
    type: "version",
    status: arrived ? "in-sync" : "incomplete",
    liveId: running,
    frontendCommit: null,
    matches: arrived,
    drift: [],
  });
  const base: Pick<Outcome, "verification" | "runUrl"> = {
    verification: `${smoke} ${version}`,
    runUrl: runUrl ?? null,
  };
  if (summary.status !== "fail" && arrived)
    return recordOutcome(o, "convex", {
      ...base,
      outcome: "verified",
      switched: true,
      headline: `Redeployed and verified: Convex runs ${shortSha(to.id)}.`,
      next: "Tell the team, then fix forward; the next deploy of main replaces this.",
    });
  return recordOutcome(o, "convex", {
    ...base,
    outcome: arrived ? "verify-failed" : "unknown",
    switched: arrived ? true : null,
    headline: arrived
      ? `Redeployed, but verification failed: Convex runs ${shortSha(to.id)}.`
      : `The deploy run succeeded, but Convex does not report ${shortSha(to.id)} yet.`,
    next: arrived
      ? "Convex runs the old commit and the smoke suite still fails: look at the failing checks above and the frontend."
      : `Convex may take a moment to report it: press Verify in a minute; if it still differs, read the run${runUrl ? ` at ${runUrl}` : ""} and the Convex dashboard.`,
  });
}
