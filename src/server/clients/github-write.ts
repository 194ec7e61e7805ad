/**
 * @module
 * The one GitHub write the runbook makes: dispatching the workflow that deploys Convex at a commit
 * (`POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`, answered 204, or 200 with
 * the run it created when `return_run_details` is asked). The token is its own binding
 * (`rollbackAction.convexWorkflow.tokenVariable`, Actions: Read and write), never the read token.
 * Errors are read by the same reading as the read client's (`github-errors.ts`): a secondary rate
 * limit is a rate limit here too, not a missing permission.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import { githubUpstream } from "./github-errors.ts";
import { dispatchRunDetails } from "./github-schemas.ts";
import { failure, send, type WriteAnswer } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

const DISPATCH_TIMEOUT_MS = 10_000;

export interface Dispatched {
  workflow: string;
  ref: string;
  /** The run GitHub created, when it said (a 200 with run details); null after a plain 204. */
  run: { id: number; htmlUrl: string } | null;
}

/**
 * Dispatches the workflow once. `ok` is GitHub's clear yes (204, or 200 with the run's details);
 * a failure's `applied` says whether the dispatch may have happened (`no`: GitHub refused it in its
 * documented words, rate limits included; `unknown`: look at the workflow's runs before saying anything).
 */
export async function dispatchWorkflow(options: {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  workflow: string;
  input: string;
  tokenVariable: string;
  bindings: object;
  sha: string;
  /** Ask GitHub to answer 200 with the created run (`return_run_details`). */
  returnRunDetails?: boolean;
  now?: () => number;
}): Promise<WriteAnswer<Dispatched>> {
  const { settings } = options;
  const token = tokenFrom(options.bindings, options.tokenVariable);
  if (!token)
    return { ...failure("missing_token", `No GitHub write token: set ${options.tokenVariable}.`), applied: "no" };
  const apiBase = settings.apiBase.replace(/\/+$/, "");
  const upstream = githubUpstream(
    { tokenVariable: options.tokenVariable, token },
    {
      forbidden: `it lacks Actions: Read and write on ${settings.repo}`,
      notFound: `${settings.repo} has no workflow ${options.workflow}, or the token in ${options.tokenVariable} cannot see the repository`,
      invalid: `does ${options.workflow} on ${settings.productionBranch} have a workflow_dispatch trigger with an input "${options.input}"?`,
    },
  );
  const answer = await send({
    fetch: options.fetch,
    url: `${apiBase}/repos/${settings.repo}/actions/workflows/${encodeURIComponent(options.workflow)}/dispatches`,
    upstream,
    method: "POST",
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    body: {
      ref: settings.productionBranch,
      inputs: { [options.input]: options.sha },
      ...(options.returnRunDetails && { return_run_details: true }),
    },
    schema: dispatchRunDetails,
    emptyOk: true,
    timeoutMs: DISPATCH_TIMEOUT_MS,
    ...(options.now && { now: options.now }),
  });
  if (!answer.ok) return answer;
  const details = answer.data;
  // Built from the config and the numeric id rather than taken from the answer: it becomes a link.
  const webBase = settings.webBase.replace(/\/+$/, "");
  return {
    ...answer,
    data: {
      workflow: options.workflow,
      ref: settings.productionBranch,
      run: details
        ? {
            id: details.workflow_run_id,
            htmlUrl: `${webBase}/${settings.repo}/actions/runs/${details.workflow_run_id}`,
          }
        : null,
    },
  };
}
