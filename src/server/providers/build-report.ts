/**
 * @module
 * `GET /api/build`: the latest deploy workflow run on the production branch (through the GitHub
 * provider the version panel uses) with where to read its logs, and the Node.js version the build
 * expects, read from the repository's version file on that branch through the contents API.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { shortSha } from "../../core/deploy/commits.ts";
import { commitUrl, deployRunsUrl, repositoryUrl } from "../../core/deploy/links.ts";
import type { Link, Section } from "../../core/deploy/schemas.ts";
import { endOfLife, parseNodeVersion } from "../../core/incidents/node-version.ts";
import type { BuildReport, BuildRun, NodeVersionState } from "../../core/incidents/schemas.ts";
import { notConfigured } from "./for-environment.ts";
import { github } from "./github.ts";
import { failure, getJson, missingToken, tokenFrom } from "./upstream.ts";

/** `GET /repos/{o}/{r}/contents/{path}?ref=`: a file's answer (a directory answers an array and fails here). */
export const contentsResponse = z.looseObject({
  type: z.literal("file"),
  encoding: z.literal("base64"),
  content: z.string(),
});

/** Version files are a line or two; anything near this is not one. */
const MAX_VERSION_FILE_BYTES = 64 * 1024;

export async function buildReport(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  now: () => Date = () => new Date(),
): Promise<BuildReport> {
  const started = performance.now();
  const at = now();
  const gh = env.github;
  const [run, node] = gh
    ? await Promise.all([latestRun(fetchImpl, gh, bindings, env.id), nodeVersion(fetchImpl, env, gh, bindings, at)])
    : [notConfigured(env.id, "github settings"), notConfigured(env.id, "github settings")];

  const status = !run.ok ? "incomplete" : !run.data ? "none" : runStatus(run.data);
  const links: Link[] = gh
    ? [
        { label: "Deploy workflow runs", href: deployRunsUrl(gh) },
        {
          label: `Workflow file on ${gh.productionBranch}`,
          href: `${repositoryUrl(gh)}/blob/${encodeURIComponent(gh.productionBranch)}/.github/workflows/${encodeURIComponent(gh.workflow)}`,
        },
      ]
    : [];
  return {
    environment: env.id,
    status,
    summary: summarize(status, run, node),
    run,
    node,
    links,
    checkedAt: at.toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

function runStatus(run: BuildRun): BuildReport["status"] {
  if (run.status !== "completed") return "running";
  return run.conclusion === "success" || run.conclusion === "skipped" || run.conclusion === "neutral" ? "passing" : "failing";
}

/** GitHub's run conclusions in words. */
const ENDINGS: Record<string, string> = {
  failure: "failed",
  cancelled: "was cancelled",
  timed_out: "timed out",
  startup_failure: "failed to start",
  action_required: "waits for an approval",
};

function summarize(status: BuildReport["status"], run: Section<BuildRun | null>, node: Section<NodeVersionState>): string {
  const expects = node.ok
    ? ` The build expects Node ${node.data.declared} (${node.data.file})${node.data.endOfLife?.past ? `, a line that reached end of life on ${node.data.endOfLife.date}` : ""}.`
    : "";
  if (!run.ok) return `The latest deploy run could not be read.${expects}`;
  if (!run.data) return `The deploy workflow has no run on this branch yet.${expects}`;
  const r = run.data;
  const which = `Deploy run #${r.runNumber} on ${shortSha(r.headSha)}`;
  if (status === "running") return `${which} is ${r.status.replaceAll("_", " ")}.${expects}`;
  if (status === "failing")
    return `${which} ${ENDINGS[r.conclusion ?? ""] ?? `ended: ${r.conclusion ?? "no conclusion"}`}: read the failed steps' logs.${expects}`;
  return `${which} succeeded.${expects}`;
}

async function latestRun(
  fetchImpl: FetchLike,
  gh: NonNullable<ResolvedEnvironment["github"]>,
  bindings: object,
  environmentId: string,
): Promise<Section<BuildRun | null>> {
  const answer = await github({
    fetch: fetchImpl,
    settings: gh,
    token: tokenFrom(bindings, gh.tokenVariable),
    environmentId,
  }).latestDeployRun();
  if (!answer.ok) return answer;
  const r = answer.data;
  if (!r) return { ok: true, data: null };
  // htmlUrl is built from the config and the run's numeric id, so the id can be read back from it.
  const id = /\/actions\/runs\/(\d+)$/.exec(r.htmlUrl)?.[1] ?? String(r.runNumber);
  const failed = r.status === "completed" && r.conclusion !== "success";
  return {
    ok: true,
    data: {
      ...r,
      commitUrl: commitUrl(gh, r.headSha),
      logsCommand: `gh run view ${id} --repo ${gh.repo} ${failed ? "--log-failed" : "--log"}`,
    },
  };
}

async function nodeVersion(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  gh: NonNullable<ResolvedEnvironment["github"]>,
  bindings: object,
  at: Date,
): Promise<Section<NodeVersionState>> {
  const token = tokenFrom(bindings, gh.tokenVariable);
  if (!token) return missingToken("GitHub", gh.tokenVariable, "Contents: Read on the repository");
  const file = env.build.nodeVersionFile;
  const path = file.split("/").map(encodeURIComponent).join("/");
  const answer = await getJson({
    fetch: fetchImpl,
    url: `${gh.apiBase.replace(/\/+$/, "")}/repos/${gh.repo}/contents/${path}?${new URLSearchParams({ ref: gh.productionBranch })}`,
    upstream: {
      name: "The GitHub API",
      tokenVariable: gh.tokenVariable,
      token,
      forbiddenHint: `it cannot read ${gh.repo}'s files; a fine-grained token needs Contents: Read on that repository`,
      notFoundHint: `${file} not found on ${gh.productionBranch} in ${gh.repo}; set build.nodeVersionFile of environments.${env.id} in runbook.config.json to the file naming the Node.js version (.nvmrc, .node-version)`,
    },
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    schema: contentsResponse,
    maxBytes: MAX_VERSION_FILE_BYTES,
  });
  if (!answer.ok) return answer;
  let text: string;
  try {
    const binary = atob(answer.data.content.replace(/\s+/g, ""));
    text = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return failure("unexpected_response", `The GitHub API sent ${file} in a form that does not decode (expected base64 of UTF-8 text).`);
  }
  const parsed = parseNodeVersion(text);
  if (!parsed.declared) return failure("unexpected_response", `${file} on ${gh.productionBranch} is empty: it names no Node.js version.`);
  const eol = endOfLife(parsed.major, at.toISOString().slice(0, 10));
  return {
    ok: true,
    data: {
      file,
      ref: gh.productionBranch,
      fileUrl: `${repositoryUrl(gh)}/blob/${encodeURIComponent(gh.productionBranch)}/${path}`,
      declared: parsed.declared.slice(0, 40),
      major: parsed.major,
      ...(eol && { endOfLife: eol }),
    },
  };
}
