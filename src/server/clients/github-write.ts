/**
 * @module
 * The GitHub calls of the Convex redeploy, and nothing else: dispatching the workflow that deploys
 * Convex at a commit (`POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`, asked
 * for the run's details: GitHub answers 200 with `workflow_run_id`, `run_url` and `html_url`, or 204
 * where it does not give them), and reading the runs it started. The token is its own binding
 * (`rollbackAction.convexWorkflow.tokenVariable`, Actions: Read and write), never the read token.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { explainGitHub } from "./github.ts";
import { githubError, workflowRun, workflowRunsResponse } from "./github-schemas.ts";
import { type ErrorAnswer, failure, getJson, type Upstream } from "./http.ts";
import { tokenFrom } from "./tokens.ts";
import { postWrite, type WriteAnswer } from "./write.ts";

export const DISPATCH_TIMEOUT_MS = 10_000;
const HEADERS = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };

/** `#/components/schemas/workflow-dispatch-response`: the 200 answer when `return_run_details` is asked. */
export const dispatchDetails = z.looseObject({
  workflow_run_id: z.number(),
  run_url: z.string(),
  html_url: z.string(),
});

/** A run as the redeploy follows it. */
export interface DispatchedRun {
  id: number;
  url: string;
  status: string | null;
  conclusion: string | null;
  createdAt: string;
  headBranch: string | null;
}

export interface ConvexWorkflowClient {
  /** Dispatches the workflow at `sha` on the production branch; `done` carries the run when GitHub named it. */
  dispatch(sha: string): Promise<WriteAnswer<{ runId: number | null; url: string | null }>>;
  /** `workflow_dispatch` runs of the workflow created at or after `since` (ISO), oldest first. */
  runsSince(since: string): Promise<Section<DispatchedRun[]>>;
  /** One run by id. */
  run(id: number): Promise<Section<DispatchedRun>>;
}

/**
 * GitHub documents a refusal as a 4xx with its error body (`message`), or a rate limit (403/429 with
 * `retry-after` or `x-ratelimit-remaining: 0`, which may come without a body).
 */
export function githubRefuses(answer: ErrorAnswer): boolean {
  if (answer.status === 429) return true;
  if (
    answer.status === 403 &&
    (answer.headers["retry-after"] !== undefined || answer.headers["x-ratelimit-remaining"] === "0")
  )
    return true;
  return githubError.safeParse(answer.body).success;
}

export function convexWorkflowClient(options: {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  workflow: string;
  input: string;
  tokenVariable: string;
  bindings: object;
  timeoutMs?: number;
}): ConvexWorkflowClient {
  const { settings, workflow } = options;
  const token = tokenFrom(options.bindings, options.tokenVariable);
  const repo = `${settings.apiBase.replace(/\/+$/, "")}/repos/${settings.repo}`;
  const workflowPath = `${repo}/actions/workflows/${encodeURIComponent(workflow)}`;
  const upstream: Upstream = {
    name: "The GitHub API",
    tokenVariable: options.tokenVariable,
    ...(token !== undefined && { token }),
    forbiddenHint: `the token in ${options.tokenVariable} lacks Actions: Read and write on ${settings.repo}`,
    notFoundHint: `no workflow ${workflow} in ${settings.repo}, or the token in ${options.tokenVariable} cannot see it`,
  };
  const explain = explainGitHub(upstream);
  upstream.explain = (answer) =>
    explain(answer) ??
    (answer.status === 422
      ? failure(
          "invalid_request",
          `GitHub refused the dispatch (HTTP 422): does ${workflow} have workflow_dispatch with an input "${options.input}", and does ${settings.productionBranch} exist?${answer.said ? ` (GitHub said: ${answer.said})` : ""}`,
        ).error
      : undefined);
  const asRun = (raw: unknown): DispatchedRun | undefined => {
    const run = workflowRun.safeParse(raw);
    if (!run.success) return undefined;
    return {
      id: run.data.id,
      url: run.data.html_url,
      status: run.data.status ?? null,
      conclusion: run.data.conclusion ?? null,
      createdAt: run.data.created_at,
      headBranch: run.data.head_branch ?? null,
    };
  };
  return {
    async dispatch(sha) {
      if (!token)
        return {
          verdict: "refused",
          status: null,
          error: failure("missing_token", `No GitHub write token: set ${options.tokenVariable}.`).error,
        };
      const answer = await postWrite({
        fetch: options.fetch,
        url: `${workflowPath}/dispatches`,
        upstream,
        schema: null,
        headers: HEADERS,
        body: { ref: settings.productionBranch, inputs: { [options.input]: sha }, return_run_details: true },
        timeoutMs: options.timeoutMs ?? DISPATCH_TIMEOUT_MS,
        refuses: githubRefuses,
      });
      if (answer.verdict !== "done") return answer;
      if (answer.status === 204) return { verdict: "done", status: 204, data: { runId: null, url: null } };
      // 200 with the run's details; anything else in a 2xx is not an answer the description documents.
      return answer.status === 200 ? detailsOf(answer.raw, upstream.name) : unclear(answer.status, upstream.name);
    },
    async runsSince(since) {
      const url = `${workflowPath}/runs?event=workflow_dispatch&branch=${encodeURIComponent(settings.productionBranch)}&created=${encodeURIComponent(`>=${since}`)}&per_page=20`;
      const answer = await getJson({
        fetch: options.fetch,
        url,
        upstream,
        schema: workflowRunsResponse,
        headers: HEADERS,
      });
      if (!answer.ok) return answer;
      const runs = answer.data.workflow_runs
        .map(asRun)
        .filter((r): r is DispatchedRun => r !== undefined && Date.parse(r.createdAt) >= Date.parse(since) - 1000)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      return { ok: true, data: runs };
    },
    async run(id) {
      const answer = await getJson({
        fetch: options.fetch,
        url: `${repo}/actions/runs/${id}`,
        upstream,
        schema: z.unknown(),
        headers: HEADERS,
      });
      if (!answer.ok) return answer;
      const run = asRun(answer.data);
      return run
        ? { ok: true, data: run }
        : failure("unexpected_response", `The GitHub API answered run ${id} in an unexpected shape.`);
    },
  };
}

function detailsOf(raw: unknown, name: string): WriteAnswer<{ runId: number | null; url: string | null }> {
  const details = dispatchDetails.safeParse(raw);
  return details.success
    ? { verdict: "done", status: 200, data: { runId: details.data.workflow_run_id, url: details.data.html_url } }
    : unclear(200, name);
}

function unclear(status: number, name: string): WriteAnswer<never> {
  return {
    verdict: "unknown",
    status,
    said: `${name} answered HTTP ${status} with a body that is not the documented answer`,
  };
}
