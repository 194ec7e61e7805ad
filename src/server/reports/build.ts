/**
 * @module
 * `GET /api/build`: the latest deploy workflow run on the production branch (through the GitHub
 * provider the version panel uses) with where to read its logs, and the Node.js version the build
 * expects, read from the repository's version file on that branch through the contents API.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { shortSha } from "../../core/deploy/commits.ts";
import { commitUrl, deployRunsUrl, repositoryUrl } from "../../core/deploy/links.ts";
import { runLogsCommand, runState } from "../../core/deploy/run-states.ts";
import type { Link, Section } from "../../core/deploy/schemas.ts";
import { endOfLife, parseNodeVersion } from "../../core/incidents/node-version.ts";
import type { BuildReport, BuildRun, NodeVersionState } from "../../core/incidents/schemas.ts";
import { type GitHubClient, githubClient } from "../clients/github.ts";
import { failure } from "../clients/http.ts";
import { notConfigured } from "./not-configured.ts";

export async function buildReport(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  now: () => Date = () => new Date(),
): Promise<BuildReport> {
  const started = performance.now();
  const at = now();
  const gh = env.github;
  const client = gh ? githubClient({ fetch: fetchImpl, settings: gh, bindings, environmentId: env.id }) : undefined;
  const [run, node] =
    gh && client
      ? await Promise.all([latestRun(client, gh), nodeVersion(client, env, gh, at)])
      : [notConfigured(env.id, "github settings"), notConfigured(env.id, "github settings")];

  const status = !run.ok ? "incomplete" : !run.data ? "none" : runState(run.data.status, run.data.conclusion).verdict;
  const links: Link[] = gh
    ? [
        { label: "Deploy workflow runs", href: deployRunsUrl(gh) },
        { label: `Workflow file on ${gh.productionBranch}`, href: workflowFileUrl(gh) },
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

function summarize(
  status: BuildReport["status"],
  run: Section<BuildRun | null>,
  node: Section<NodeVersionState>,
): string {
  const expects = node.ok
    ? ` The build expects Node ${node.data.declared} (${node.data.file})${node.data.endOfLife?.past ? `, a line that reached end of life on ${node.data.endOfLife.date}` : ""}.`
    : "";
  if (status === "incomplete" || !run.ok) return `The latest deploy run could not be read.${expects}`;
  if (!run.data) return `The deploy workflow has no run on this branch yet.${expects}`;
  const r = run.data;
  const state = runState(r.status, r.conclusion);
  // A run that succeeded needs no next step in the verdict line; the table's still goes with the run.
  const next = state.verdict === "passing" ? "" : ` ${state.next}`;
  return `Deploy run #${r.runNumber} on ${shortSha(r.headSha)} ${state.words}.${next}${expects}`;
}

async function latestRun(
  client: GitHubClient,
  gh: NonNullable<ResolvedEnvironment["github"]>,
): Promise<Section<BuildRun | null>> {
  const answer = await client.latestDeployRun();
  if (!answer.ok) return answer;
  const r = answer.data;
  if (!r) return { ok: true, data: null };
  // htmlUrl is built from the config and the run's numeric id, so the id can be read back from it.
  const id = /\/actions\/runs\/(\d+)$/.exec(r.htmlUrl)?.[1] ?? String(r.runNumber);
  const state = runState(r.status, r.conclusion);
  const logs = runLogsCommand(state, id, gh.repo);
  const nextLink =
    state.link === "approval"
      ? { label: `Approve run #${r.runNumber} on GitHub`, href: r.htmlUrl }
      : state.link === "workflow-file"
        ? { label: `Fix ${gh.workflow} on ${gh.productionBranch}`, href: workflowFileUrl(gh) }
        : undefined;
  return {
    ok: true,
    data: {
      ...r,
      commitUrl: commitUrl(gh, r.headSha),
      logsCommand: logs.command,
      logsLabel: logs.label,
      next: state.next,
      ...(nextLink && { nextLink }),
    },
  };
}

function workflowFileUrl(gh: NonNullable<ResolvedEnvironment["github"]>): string {
  return `${repositoryUrl(gh)}/blob/${encodeURIComponent(gh.productionBranch)}/.github/workflows/${encodeURIComponent(gh.workflow)}`;
}

async function nodeVersion(
  client: GitHubClient,
  env: ResolvedEnvironment,
  gh: NonNullable<ResolvedEnvironment["github"]>,
  at: Date,
): Promise<Section<NodeVersionState>> {
  const file = env.build.nodeVersionFile;
  const path = file.split("/").map(encodeURIComponent).join("/");
  const answer = await client.fileText(
    file,
    gh.productionBranch,
    `${file} not found on ${gh.productionBranch} in ${gh.repo}; set build.nodeVersionFile of environments.${env.id} in runbook.config.json to the file naming the Node.js version (.nvmrc, .node-version)`,
  );
  if (!answer.ok) return answer;
  const text = answer.data;
  const parsed = parseNodeVersion(text);
  if (!parsed.declared)
    return failure("unexpected_response", `${file} on ${gh.productionBranch} is empty: it names no Node.js version.`);
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
