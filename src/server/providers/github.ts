/**
 * @module
 * GitHub, read-only: the latest run of the deploy workflow on the production branch, and how two
 * commits compare (ahead / behind, and whether the range holds merge commits).
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { DeployRun, Section } from "../../core/deploy/schemas.ts";
import { getJson, missingToken, type Upstream } from "./upstream.ts";

export const workflowRunsResponse = z.looseObject({
  total_count: z.number(),
  workflow_runs: z.array(
    z.looseObject({
      id: z.number(),
      run_number: z.number(),
      status: z.string(),
      conclusion: z.string().nullable(),
      html_url: z.string(),
      head_sha: z.string(),
      head_branch: z.string().nullish(),
      created_at: z.string(),
    }),
  ),
});

export const compareResponse = z.looseObject({
  status: z.enum(["ahead", "behind", "diverged", "identical"]),
  ahead_by: z.number(),
  behind_by: z.number(),
  total_commits: z.number(),
  commits: z.array(z.looseObject({ sha: z.string(), parents: z.array(z.looseObject({ sha: z.string() })) })),
});

export interface Comparison {
  status: "ahead" | "behind" | "diverged" | "identical";
  aheadBy: number;
  behindBy: number;
  totalCommits: number;
  /** Whether base..head holds a merge commit; null when GitHub listed only part of the range. */
  mergeCommits: boolean | null;
}

export interface GitHubProvider {
  latestDeployRun(): Promise<Section<DeployRun | null>>;
  /** `base...head` by SHA. */
  compare(base: string, head: string): Promise<Section<Comparison>>;
}

export interface GitHubOptions {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  token: string | undefined;
  environmentId: string;
  timeoutMs?: number;
}

/** A compare answer lists up to 250 commits and every changed file with its patch. */
const MAX_COMPARE_BYTES = 8 * 1024 * 1024;

export function github(options: GitHubOptions): GitHubProvider {
  const { settings } = options;
  const base = `${settings.apiBase.replace(/\/+$/, "")}/repos/${settings.repo}`;
  const upstream: Upstream = {
    name: "The GitHub API",
    tokenVariable: settings.tokenVariable,
    ...(options.token !== undefined && { token: options.token }),
    forbiddenHint: `it cannot read ${settings.repo}; a fine-grained token needs Actions: Read and Contents: Read on that repository`,
    notFoundHint: `${settings.repo} (workflow ${settings.workflow}) not found, or the token in ${settings.tokenVariable} cannot see it; check environments.${options.environmentId}.github in runbook.config.json`,
  };
  const common = {
    fetch: options.fetch,
    upstream,
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
  const noToken = () => missingToken("GitHub", settings.tokenVariable, "read access to the repository's Actions and contents");
  return {
    async latestDeployRun() {
      if (!options.token) return noToken();
      const query = new URLSearchParams({ branch: settings.productionBranch, per_page: "1" });
      const answer = await getJson({
        ...common,
        url: `${base}/actions/workflows/${encodeURIComponent(settings.workflow)}/runs?${query}`,
        schema: workflowRunsResponse,
        maxBytes: 1024 * 1024,
      });
      if (!answer.ok) return answer;
      const run = answer.data.workflow_runs[0];
      if (!run) return { ok: true, data: null };
      return {
        ok: true,
        data: {
          runNumber: run.run_number,
          status: run.status,
          conclusion: run.conclusion,
          // Built from config rather than taken from the answer: it becomes a link on the page.
          htmlUrl: `${settings.webBase.replace(/\/+$/, "")}/${settings.repo}/actions/runs/${run.id}`,
          headSha: run.head_sha,
          createdAt: run.created_at,
        },
      };
    },
    async compare(baseSha, headSha) {
      if (!options.token) return noToken();
      const answer = await getJson({
        ...common,
        url: `${base}/compare/${encodeURIComponent(baseSha)}...${encodeURIComponent(headSha)}`,
        schema: compareResponse,
        maxBytes: MAX_COMPARE_BYTES,
      });
      if (!answer.ok) return answer;
      const c = answer.data;
      const merge = c.commits.some((k) => k.parents.length > 1);
      return {
        ok: true,
        data: {
          status: c.status,
          aheadBy: c.ahead_by,
          behindBy: c.behind_by,
          totalCommits: c.total_commits,
          mergeCommits: merge ? true : c.commits.length >= c.total_commits ? false : null,
        },
      };
    },
  };
}
