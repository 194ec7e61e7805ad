/**
 * @module
 * The one GitHub write the runbook makes: dispatching the workflow that deploys Convex at a commit
 * (`POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`, answered 204). The token is
 * its own binding (`rollbackAction.convexWorkflow.tokenVariable`, Actions: Read and write), never the read token.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { scrub as scrubSecrets } from "../lib/scrub.ts";
import { excerpt } from "./excerpt.ts";
import { failure, seconds } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

const DISPATCH_TIMEOUT_MS = 10_000;

export async function dispatchWorkflow(options: {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  workflow: string;
  input: string;
  tokenVariable: string;
  bindings: object;
  sha: string;
}): Promise<Section<{ workflow: string; ref: string }>> {
  const { settings } = options;
  const token = tokenFrom(options.bindings, options.tokenVariable);
  if (!token) return failure("missing_token", `No GitHub write token: set ${options.tokenVariable}.`);
  const url = `${settings.apiBase.replace(/\/+$/, "")}/repos/${settings.repo}/actions/workflows/${encodeURIComponent(options.workflow)}/dispatches`;
  let res: Response;
  try {
    res = await options.fetch(url, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        "content-type": "application/json",
        "user-agent": "dashtray-runbook",
        "x-github-api-version": "2022-11-28",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ ref: settings.productionBranch, inputs: { [options.input]: options.sha } }),
      redirect: "manual",
      signal: AbortSignal.timeout(DISPATCH_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return failure(
      timedOut ? "timeout" : "unreachable",
      timedOut
        ? `The GitHub API did not answer within ${seconds(DISPATCH_TIMEOUT_MS)}; the workflow may or may not have started: look at the deploy runs before pressing again.`
        : `The GitHub API could not be reached at ${url}.`,
    );
  }
  if (res.status === 204) return { ok: true, data: { workflow: options.workflow, ref: settings.productionBranch } };
  const text = scrubSecrets(await res.text().catch(() => ""), token);
  let said = "";
  try {
    said = excerpt(String((JSON.parse(text) as { message?: unknown }).message ?? ""));
  } catch {
    said = "";
  }
  const detail = said ? ` (GitHub said: ${said})` : "";
  if (res.status === 401)
    return failure("token_rejected", `GitHub rejected the token in ${options.tokenVariable} (HTTP 401).${detail}`);
  if (res.status === 403 || res.status === 404)
    return failure(
      res.status === 403 ? "forbidden" : "not_found",
      `GitHub answered HTTP ${res.status}: the token in ${options.tokenVariable} lacks Actions: Read and write on ${settings.repo}, or there is no workflow ${options.workflow}.${detail}`,
    );
  if (res.status === 422)
    return failure(
      "invalid_request",
      `GitHub refused the dispatch (HTTP 422): does ${options.workflow} have workflow_dispatch with an input "${options.input}"?${detail}`,
    );
  return failure("upstream_error", `GitHub answered HTTP ${res.status}.${detail}`);
}
