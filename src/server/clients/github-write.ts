/**
 * @module
 * The one GitHub write the runbook makes: dispatching the workflow that deploys Convex at a commit
 * (`POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`, answered 204, or 200 with
 * the run it created when `return_run_details` is asked). The token is its own binding
 * (`rollbackAction.convexWorkflow.tokenVariable`, Actions: Read and write), never the read token.
 * Errors are read by the same reading as the read client's (`github-errors.ts`): a secondary rate
 * limit is a rate limit here too, not a missing permission.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { githubUpstream } from "./github-errors.ts";
import { dispatchRunDetails, workflowRun, workflowRunsResponse } from "./github-schemas.ts";
import { failure, getJson, send, type WriteAnswer } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

export const DISPATCH_TIMEOUT_MS = 10_000;

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
  /** How long the answer is waited for (default 10 s); past it the dispatch may or may not have happened. */
  timeoutMs?: number;
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
    timeoutMs: options.timeoutMs ?? DISPATCH_TIMEOUT_MS,
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

/** A run of the dispatched workflow as the Convex redeploy follows it. */
export interface DispatchedRun {
  id: number;
  url: string;
  status: string | null;
  conclusion: string | null;
  createdAt: string;
}

export interface WorkflowRunsClient {
  /** `workflow_dispatch` runs of the workflow on the production branch created at or after `since` (ISO), oldest first. */
  runsSince(since: string): Promise<Section<DispatchedRun[]>>;
  /** One run by id (`GET /repos/{owner}/{repo}/actions/runs/{run_id}`). */
  run(id: number): Promise<Section<DispatchedRun>>;
}

/**
 * Reads the runs a dispatch started, with the same write token (Actions: Read and write reads runs
 * too, and the workflow may live where the read token does not reach).
 */
export function workflowRunsClient(options: {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  workflow: string;
  tokenVariable: string;
  bindings: object;
  now?: () => number;
}): WorkflowRunsClient {
  const { settings, workflow } = options;
  const token = tokenFrom(options.bindings, options.tokenVariable);
  const repo = `${settings.apiBase.replace(/\/+$/, "")}/repos/${settings.repo}`;
  const webBase = settings.webBase.replace(/\/+$/, "");
  const upstream = githubUpstream(
    { tokenVariable: options.tokenVariable, token },
    {
      forbidden: `it lacks Actions: Read and write on ${settings.repo}`,
      notFound: `${settings.repo} has no workflow ${workflow} (or no such run), or the token in ${options.tokenVariable} cannot see the repository`,
    },
  );
  const common = {
    fetch: options.fetch,
    upstream,
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    ...(options.now && { now: options.now }),
  };
  // Links are built from the config and the numeric id, never taken from the answer.
  const asRun = (raw: unknown): DispatchedRun | undefined => {
    const run = workflowRun.safeParse(raw);
    if (!run.success) return undefined;
    return {
      id: run.data.id,
      url: `${webBase}/${settings.repo}/actions/runs/${run.data.id}`,
      status: run.data.status ?? null,
      conclusion: run.data.conclusion ?? null,
      createdAt: run.data.created_at,
    };
  };
  return {
    async runsSince(since) {
      const query = new URLSearchParams({
        event: "workflow_dispatch",
        branch: settings.productionBranch,
        created: `>=${since}`,
        per_page: "20",
      });
      const answer = await getJson({
        ...common,
        url: `${repo}/actions/workflows/${encodeURIComponent(workflow)}/runs?${query}`,
        schema: workflowRunsResponse,
      });
      if (!answer.ok) return answer;
      const runs = answer.data.workflow_runs
        .map(asRun)
        // GitHub's `created` filter is by the second: a run from just before the press is left out here.
        .filter((r): r is DispatchedRun => r !== undefined && Date.parse(r.createdAt) >= Date.parse(since) - 1000)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      return { ok: true, data: runs };
    },
    async run(id) {
      const answer = await getJson({ ...common, url: `${repo}/actions/runs/${id}`, schema: z.unknown() });
      if (!answer.ok) return answer;
      const run = asRun(answer.data);
      return run
        ? { ok: true, data: run }
        : failure("unexpected_response", `The GitHub API answered run ${id} in an unexpected shape.`);
    },
  };
}
