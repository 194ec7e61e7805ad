/**
 * @module
 * GitHub REST API stand-in (base `/github`): workflow runs of `deploy.yml` and commit comparison,
 * over the same history as the Pages stand-in. Like GitHub, it refuses requests without a User-Agent.
 */
import { demoTime } from "./clock.ts";
import {
  DEMO_REPO,
  DEMO_WORKFLOW_RUNS,
  type DemoCommit,
  type DemoWorkflowRun,
  findCommit,
  lineage,
  resolveRef,
} from "./history.ts";
import { intParam, readBody, sendJson, sendText } from "./http.ts";
import { type Handler, param, type RequestContext, type RouteGroup } from "./router.ts";
import type { DemoSettings } from "./settings.ts";
import { demoValue, demoVariableNames } from "./variables.ts";

export const GITHUB_API_PREFIX = "/github";
/** A token the stand-in rejects as revoked (401 Bad credentials). Any other token, or none, is accepted. */
export const BAD_GITHUB_TOKEN = "bad-token";
export const DEMO_WORKFLOW = { id: 161_335, file: "deploy.yml", name: "Deploy" } as const;

const REPO_URL = `https://github.com/${DEMO_REPO.owner}/${DEMO_REPO.name}`;
const JSON_TYPE = "application/json; charset=utf-8";

/** GitHub's answer to a request without User-Agent: a plain-text 403 from its front door. */
export const MISSING_USER_AGENT_MESSAGE =
  "Request forbidden by administrative rules. Please make sure your request has a User-Agent header " +
  "(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). " +
  "Check https://developer.github.com for other possible causes.\n";

function error(
  ctx: RequestContext,
  status: number,
  message: string,
  documentationUrl = "https://docs.github.com/rest",
): void {
  sendJson(ctx.res, status, { message, documentation_url: documentationUrl, status: String(status) }, {}, JSON_TYPE);
}

/** GitHub's front-door rules, checked before routing: User-Agent required, a given token must be good. */
function passesFrontDoor(ctx: RequestContext): boolean {
  if (!ctx.req.headers["user-agent"]) {
    sendText(ctx.res, 403, MISSING_USER_AGENT_MESSAGE);
    return false;
  }
  const authorization = ctx.req.headers.authorization;
  if (authorization !== undefined) {
    const token = /^(?:Bearer|token)\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token || token === BAD_GITHUB_TOKEN) {
      error(ctx, 401, "Bad credentials");
      return false;
    }
  }
  return true;
}

/** Wraps a handler with the front-door rules and the repository lookup (404 for any other repo). */
function repoHandler(handle: Handler): Handler {
  return (ctx) => {
    if (!passesFrontDoor(ctx)) return;
    const isDemoRepo =
      param(ctx, "owner").toLowerCase() === DEMO_REPO.owner && param(ctx, "repo").toLowerCase() === DEMO_REPO.name;
    if (!isDemoRepo) return error(ctx, 404, "Not Found");
    return handle(ctx);
  };
}

/** `buildScenario: failing`: the newest run on main (the head commit's) ended in failure. */
function withScenario(run: DemoWorkflowRun, settings: DemoSettings): DemoWorkflowRun {
  const newestMain = DEMO_WORKFLOW_RUNS.findLast((r) => r.headBranch === "main");
  return settings.buildScenario === "failing" && run.id === newestMain?.id ? { ...run, conclusion: "failure" } : run;
}

function toWorkflowRun(run: DemoWorkflowRun) {
  const commit = findCommit(run.headSha);
  return {
    id: run.id,
    name: DEMO_WORKFLOW.name,
    display_title: commit?.message ?? "",
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `.github/workflows/${DEMO_WORKFLOW.file}`,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    status: "completed",
    conclusion: run.conclusion,
    workflow_id: DEMO_WORKFLOW.id,
    html_url: `${REPO_URL}/actions/runs/${run.id}`,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    head_commit: commit
      ? { id: commit.sha, message: commit.message, timestamp: commit.date, author: { name: commit.author } }
      : null,
  };
}

/** Runs newest first, filtered by the documented `branch`, `event`, `status` (or a conclusion) and `head_sha`. */
function listRuns(ctx: RequestContext): void {
  const q = ctx.url.searchParams;
  const perPage = intParam(ctx.url, "per_page", 1, 100, 30);
  const page = intParam(ctx.url, "page", 1, 10_000, 1);
  if (perPage === null || page === null) {
    error(ctx, 422, "Validation Failed");
    return;
  }
  const status = q.get("status");
  const runs = DEMO_WORKFLOW_RUNS.map((r) => withScenario(r, ctx.state.settings))
    .reverse()
    .filter((r) => !q.get("branch") || r.headBranch === q.get("branch"))
    .filter((r) => !q.get("event") || r.event === q.get("event"))
    .filter((r) => !q.get("head_sha") || r.headSha === q.get("head_sha"))
    .filter((r) => !status || status === "completed" || r.conclusion === status);
  sendJson(
    ctx.res,
    200,
    { total_count: runs.length, workflow_runs: runs.slice((page - 1) * perPage, page * perPage).map(toWorkflowRun) },
    {},
    JSON_TYPE,
  );
}

function listWorkflowRuns(ctx: RequestContext): void {
  const workflow = param(ctx, "workflow");
  if (workflow === DEMO_WORKFLOW.file || workflow === String(DEMO_WORKFLOW.id)) listRuns(ctx);
  else error(ctx, 404, "Not Found");
}

function toCommit(c: DemoCommit) {
  const person = {
    name: c.author,
    email: `${c.author.toLowerCase().replace(/\s+/g, ".")}@dashtray.example.com`,
    date: c.date,
  };
  return {
    sha: c.sha,
    commit: { message: c.message, author: person, committer: person },
    html_url: `${REPO_URL}/commit/${c.sha}`,
    parents: c.parent ? [{ sha: c.parent, html_url: `${REPO_URL}/commit/${c.parent}` }] : [],
  };
}

/** `base...head`: what head has that base lacks (ahead), and the reverse (behind). */
function compare(ctx: RequestContext): void {
  const range = param(ctx, "range");
  const parts = range.split("...");
  const base = parts.length === 2 && parts[0] ? resolveRef(parts[0]) : undefined;
  const head = parts.length === 2 && parts[1] ? resolveRef(parts[1]) : undefined;
  if (!base || !head) {
    error(ctx, 404, "Not Found", "https://docs.github.com/rest/commits/commits#compare-two-commits");
    return;
  }
  const baseLine = lineage(base.sha);
  const headLine = lineage(head.sha);
  const inBase = new Set(baseLine.map((c) => c.sha));
  const inHead = new Set(headLine.map((c) => c.sha));
  const ahead = headLine.filter((c) => !inBase.has(c.sha)).reverse();
  const behind = baseLine.filter((c) => !inHead.has(c.sha));
  const mergeBase = headLine.find((c) => inBase.has(c.sha));
  const status =
    ahead.length === 0 ? (behind.length === 0 ? "identical" : "behind") : behind.length === 0 ? "ahead" : "diverged";
  sendJson(
    ctx.res,
    200,
    {
      url: `${GITHUB_API_PREFIX}/repos/${DEMO_REPO.owner}/${DEMO_REPO.name}/compare/${range}`,
      html_url: `${REPO_URL}/compare/${range}`,
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      base_commit: toCommit(base),
      merge_base_commit: mergeBase ? toCommit(mergeBase) : null,
      commits: ahead.map(toCommit),
    },
    {},
    JSON_TYPE,
  );
}

/** Listing secrets or variables needs a token on GitHub, unlike public runs. */
function authenticated(ctx: RequestContext): boolean {
  if (ctx.req.headers.authorization) return true;
  error(ctx, 401, "Requires authentication", "https://docs.github.com/rest/actions/secrets");
  return false;
}

/** Names and dates only, as GitHub answers: secret values are never readable. */
function listSecrets(ctx: RequestContext): void {
  if (!authenticated(ctx)) return;
  const names = demoVariableNames("github-secrets", ctx.state.settings.variablesScenario);
  const page = paged(ctx, names, 100);
  if (page)
    sendJson(
      ctx.res,
      200,
      { total_count: names.length, secrets: page.names.map((name) => ({ name, ...DATES })) },
      page.headers,
      JSON_TYPE,
    );
}

/** Variables come with their values; the runbook must drop them. */
function listVariables(ctx: RequestContext): void {
  if (!authenticated(ctx)) return;
  const names = demoVariableNames("github-variables", ctx.state.settings.variablesScenario);
  const page = paged(ctx, names, 30);
  if (page)
    sendJson(
      ctx.res,
      200,
      {
        total_count: names.length,
        variables: page.names.map((name) => ({ name, value: demoValue("github", name), ...DATES })),
      },
      page.headers,
      JSON_TYPE,
    );
}

const DATES = { created_at: demoTime("2026-11-10T09:30:00Z"), updated_at: demoTime("2026-11-20T11:00:00Z") };

/**
 * One page of `names` by `per_page` (at most `max`) and `page`, with GitHub's `Link` header (`next`,
 * `last`) when more pages follow; answers 422 itself when they are bad.
 */
function paged(
  ctx: RequestContext,
  names: string[],
  max: number,
): { names: string[]; headers: Record<string, string> } | undefined {
  const perPage = intParam(ctx.url, "per_page", 1, max, 30);
  const page = intParam(ctx.url, "page", 1, 10_000, 1);
  if (perPage === null || page === null) {
    error(ctx, 422, "Validation Failed");
    return undefined;
  }
  const last = Math.max(1, Math.ceil(names.length / perPage));
  const at = (n: number) => {
    const url = new URL(ctx.url.pathname, `http://${ctx.req.headers.host ?? "127.0.0.1"}`);
    url.search = new URLSearchParams({ per_page: String(perPage), page: String(n) }).toString();
    return url.toString();
  };
  const headers: Record<string, string> =
    page < last ? { link: `<${at(page + 1)}>; rel="next", <${at(last)}>; rel="last"` } : {};
  return { names: names.slice((page - 1) * perPage, page * perPage), headers };
}

/** Files of the demo repository at main's head; `.nvmrc` is the one the build reads. */
export const DEMO_FILES: Readonly<Record<string, string>> = { ".nvmrc": "24\n" };

/** `GET .../contents/{path}?ref=`: a file as base64, like GitHub; any other path or ref is a 404. */
function getContents(ctx: RequestContext): void {
  const path = param(ctx, "path");
  const ref = ctx.url.searchParams.get("ref") ?? "main";
  const text = DEMO_FILES[path];
  if (text === undefined || !resolveRef(ref)) {
    error(ctx, 404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content");
    return;
  }
  const content = Buffer.from(text, "utf8").toString("base64");
  sendJson(
    ctx.res,
    200,
    {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text),
      name: path.split("/").pop(),
      path,
      content: `${content}\n`,
      sha: "3c2e7b0f5d1a4e6b8c9d0a1b2c3d4e5f6a7b8c9d",
      html_url: `${REPO_URL}/blob/${ref}/${path}`,
    },
    {},
    JSON_TYPE,
  );
}

/** The demo's workflow that deploys Convex at a commit (`workflow_dispatch` with input `ref`). */
export const DEMO_CONVEX_WORKFLOW = "deploy-convex.yml";

/**
 * `POST .../actions/workflows/{id}/dispatches` (Actions: write): `{ ref, inputs }`, answered 204 like
 * GitHub. The demo "deploys" Convex at once: its version endpoint reports the commit from then on.
 */
async function dispatchWorkflow(ctx: RequestContext): Promise<void> {
  if (!ctx.req.headers.authorization) return error(ctx, 401, "Requires authentication");
  if (param(ctx, "workflow") !== DEMO_CONVEX_WORKFLOW) return error(ctx, 404, "Not Found");
  let body: { ref?: unknown; inputs?: Record<string, unknown> };
  try {
    body = JSON.parse((await readBody(ctx.req, 65_536)).toString("utf8")) as typeof body;
  } catch {
    return error(ctx, 400, "Problems parsing JSON");
  }
  const sha = typeof body.inputs?.ref === "string" ? body.inputs.ref : "";
  if (typeof body.ref !== "string" || !resolveRef(body.ref))
    return error(ctx, 422, `No ref found for: ${String(body.ref)}`);
  if (!findCommit(sha)) return error(ctx, 422, `Unexpected inputs provided: ref must be a commit of the repository`);
  ctx.state.update({ convexCommit: sha });
  ctx.res.writeHead(204).end();
}

export function githubRoutes(): RouteGroup {
  const repo = `${GITHUB_API_PREFIX}/repos/:owner/:repo`;
  return {
    prefix: GITHUB_API_PREFIX,
    kind: "stand-in",
    routes: [
      { method: "GET", pattern: `${repo}/actions/runs`, handle: repoHandler(listRuns) },
      { method: "GET", pattern: `${repo}/actions/workflows/:workflow/runs`, handle: repoHandler(listWorkflowRuns) },
      { method: "GET", pattern: `${repo}/compare/*range`, handle: repoHandler(compare) },
      { method: "GET", pattern: `${repo}/actions/secrets`, handle: repoHandler(listSecrets) },
      { method: "GET", pattern: `${repo}/actions/variables`, handle: repoHandler(listVariables) },
      { method: "GET", pattern: `${repo}/contents/*path`, handle: repoHandler(getContents) },
      {
        method: "POST",
        pattern: `${repo}/actions/workflows/:workflow/dispatches`,
        handle: repoHandler(dispatchWorkflow),
      },
    ],
    notFound: (ctx) => {
      if (passesFrontDoor(ctx)) error(ctx, 404, "Not Found");
    },
  };
}
