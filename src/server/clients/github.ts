/**
 * @module
 * The GitHub REST client for one environment's repository, read-only: the latest deploy workflow
 * run, how two commits compare, a small file's text, and the names of the repository's Actions
 * secrets and variables (following the `Link` header). It owns the base URL, the token binding,
 * headers, paging and the reading of GitHub's rate limits (primary vs secondary) and refusals.
 */
import type { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { DeployRun, Section } from "../../core/deploy/schemas.ts";
import { type FoundNames, namesOf } from "../../core/incidents/variables.ts";
import { githubUpstream } from "./github-errors.ts";
import {
  compareResponse,
  contentsResponse,
  secretsResponse,
  variablesResponse,
  workflowRun,
  workflowRunsResponse,
} from "./github-schemas.ts";
import { type Answer, failure, getAnswer, getJson, type Upstream } from "./http.ts";
import { parseItems } from "./items.ts";
import { missingToken, tokenFrom } from "./tokens.ts";

export interface Comparison {
  status: "ahead" | "behind" | "diverged" | "identical";
  aheadBy: number;
  behindBy: number;
  totalCommits: number;
  /** Whether base..head holds a merge commit; null when GitHub listed only part of the range. */
  mergeCommits: boolean | null;
}

export interface GitHubClient {
  latestDeployRun(): Promise<Section<DeployRun | null>>;
  /** `base...head` by SHA. */
  compare(base: string, head: string): Promise<Section<Comparison>>;
  /** A small text file on `ref`; `notFoundHint` says which config names it. */
  fileText(path: string, ref: string, notFoundHint: string): Promise<Section<string>>;
  /** Repository Actions secret and variable names (secrets win when a name is both). */
  variableNames(): Promise<Section<FoundNames>>;
}

export interface GitHubOptions {
  fetch: FetchLike;
  settings: NonNullable<Environment["github"]>;
  /** The Function's bindings; the token is read from `settings.tokenVariable`. */
  bindings: object;
  environmentId: string;
  timeoutMs?: number;
  now?: () => number;
}

/** A compare answer lists up to 250 commits and every changed file with its patch. */
const MAX_COMPARE_BYTES = 8 * 1024 * 1024;
const MAX_API_BYTES = 4 * 1024 * 1024;
/** Version files are a line or two; anything near this is not one. */
const MAX_FILE_BYTES = 64 * 1024;
/** Pages followed through `Link` at most (100 names a page). */
const MAX_LIST_PAGES = 10;

const HEADERS = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };

/** The `rel="next"` URL of a `Link` header, only when it stays on the API's own origin. */
export function nextLink(link: string | undefined, origin: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes("next") && match[1]) {
      try {
        const url = new URL(match[1]);
        return url.origin === origin ? url.toString() : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function githubClient(options: GitHubOptions): GitHubClient {
  const { settings } = options;
  const token = tokenFrom(options.bindings, settings.tokenVariable);
  const apiBase = settings.apiBase.replace(/\/+$/, "");
  const base = `${apiBase}/repos/${settings.repo}`;
  const origin = new URL(apiBase).origin;
  /** One upstream per question: what a 403 or 404 means depends on what was asked. */
  const ask = (forbidden: string, notFound: string, invalid?: string): Upstream =>
    githubUpstream(
      { tokenVariable: settings.tokenVariable, token },
      { forbidden, notFound, ...(invalid !== undefined && { invalid }) },
    );
  const repoNotFound = `${settings.repo} not found, or the token in ${settings.tokenVariable} cannot see it; check environments.${options.environmentId}.github.repo in runbook.config.json`;
  const common = {
    fetch: options.fetch,
    headers: HEADERS,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.now && { now: options.now }),
  };
  const noToken = (permission: string) => missingToken("GitHub", settings.tokenVariable, permission);

  /** Names from a list, following `Link` until there is no next page (at most MAX_LIST_PAGES). */
  async function listNames<S extends z.ZodType>(
    first: string,
    upstream: Upstream,
    schema: S,
    pick: (data: z.output<S>) => string[],
  ): Promise<Section<string[]>> {
    const names: string[] = [];
    let url: string | undefined = first;
    for (let page = 0; url && page < MAX_LIST_PAGES; page += 1) {
      const answer: Section<Answer<z.output<S>>> = await getAnswer({
        ...common,
        url,
        upstream,
        schema,
        maxBytes: MAX_API_BYTES,
      });
      if (!answer.ok) return answer;
      names.push(...pick(answer.data.data));
      url = nextLink(answer.data.headers.link, origin);
    }
    return { ok: true, data: names };
  }

  return {
    async latestDeployRun() {
      if (!token) return noToken("read access to the repository's Actions and contents");
      const query = new URLSearchParams({ branch: settings.productionBranch, per_page: "1" });
      const answer = await getJson({
        ...common,
        upstream: ask(
          `it cannot read ${settings.repo}'s Actions; a fine-grained token needs Actions: Read on that repository`,
          `${settings.repo} (workflow ${settings.workflow}) not found, or the token in ${settings.tokenVariable} cannot see it; check environments.${options.environmentId}.github.repo and workflow in runbook.config.json`,
        ),
        url: `${base}/actions/workflows/${encodeURIComponent(settings.workflow)}/runs?${query}`,
        schema: workflowRunsResponse,
        maxBytes: 1024 * 1024,
      });
      if (!answer.ok) return answer;
      const raw = answer.data.workflow_runs[0];
      if (raw === undefined) return { ok: true, data: null };
      // The newest run is the answer: an older one in its place would mislead, so a malformed one is reported.
      const parsed = parseItems([raw], workflowRun, "workflow run", "The GitHub API");
      const run = parsed.items[0];
      if (!run)
        return failure(
          "unexpected_response",
          parsed.skipped[0]?.replace(": left out.", ".") ?? "The GitHub API sent an unexpected run.",
        );
      return {
        ok: true,
        data: {
          runNumber: run.run_number,
          status: run.status ?? "unknown",
          conclusion: run.conclusion ?? null,
          // Built from config rather than taken from the answer: it becomes a link on the page.
          htmlUrl: `${settings.webBase.replace(/\/+$/, "")}/${settings.repo}/actions/runs/${run.id}`,
          headSha: run.head_sha,
          createdAt: run.created_at,
        },
      };
    },

    async compare(baseSha, headSha) {
      if (!token) return noToken("read access to the repository's contents");
      const answer = await getJson({
        ...common,
        upstream: ask(
          `it cannot read ${settings.repo}; a fine-grained token needs Contents: Read on that repository`,
          `${settings.repo} has no commit ${baseSha.slice(0, 12)} or ${headSha.slice(0, 12)} that GitHub knows (never pushed, or force-pushed away), or the token in ${settings.tokenVariable} cannot see the repository`,
          `GitHub cannot compare ${baseSha.slice(0, 12)}...${headSha.slice(0, 12)}: one of them is not a commit it knows in ${settings.repo}, or the two share no history`,
        ),
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

    async fileText(file, ref, notFoundHint) {
      if (!token) return noToken("Contents: Read on the repository");
      const path = file.split("/").map(encodeURIComponent).join("/");
      const answer = await getJson({
        ...common,
        upstream: ask(
          `it cannot read ${settings.repo}'s files; a fine-grained token needs Contents: Read on that repository`,
          notFoundHint,
        ),
        url: `${base}/contents/${path}?${new URLSearchParams({ ref })}`,
        schema: contentsResponse,
        maxBytes: MAX_FILE_BYTES,
      });
      if (!answer.ok) return answer;
      try {
        const binary = atob(answer.data.content.replace(/\s+/g, ""));
        return {
          ok: true,
          data: new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
        };
      } catch {
        return failure(
          "unexpected_response",
          `The GitHub API sent ${file} in a form that does not decode (expected base64 of UTF-8 text).`,
        );
      }
    },

    async variableNames() {
      if (!token)
        return failure(
          "missing_token",
          `No GitHub token: set ${settings.tokenVariable} (a token with Secrets: Read and Variables: Read on ${settings.repo}) to read the names here.`,
        );
      const upstream = ask(
        `it cannot list the secrets and variables of ${settings.repo}; a fine-grained token needs Secrets: Read and Variables: Read on that repository`,
        repoNotFound,
      );
      const secrets = await listNames(`${base}/actions/secrets?per_page=100`, upstream, secretsResponse, (d) =>
        d.secrets.map((s) => s.name),
      );
      if (!secrets.ok) return secrets;
      // GitHub lists at most 30 variables per page.
      const variables = await listNames(`${base}/actions/variables?per_page=30`, upstream, variablesResponse, (d) =>
        d.variables.map((v) => v.name),
      );
      if (!variables.ok) return variables;
      const found = namesOf(secrets.data, "secret");
      for (const name of variables.data) if (!found.has(name)) found.set(name, "variable");
      return { ok: true, data: found };
    },
  };
}
