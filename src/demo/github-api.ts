/**
 * @module
 * GitHub REST API stand-in (base `/github`): workflow runs of `deploy.yml` and commit comparison,
 * over the same history as the Pages stand-in. Like GitHub, it refuses requests without a User-Agent.
 */
import { demoTime } from "./clock.ts";
import {
  DEMO_PRODUCTION_BRANCH,
  DEMO_REPO,
  DEMO_WORKFLOW_RUNS,
  type DemoCommit,
  type DemoWorkflowRun,
  findCommit,
  lineage,
  resolveRef,
} from "./history.ts";
import { intParam, readBody, sendHtml, sendJson, sendText } from "./http.ts";
import { type Handler, param, type RequestContext, type RouteGroup } from "./router.ts";
import type { DemoSettings } from "./settings.ts";
import type { DispatchedRun } from "./state.ts";
import { demoValue, demoVariableNames } from "./variables.ts";
import { answerOddly } from "./write-faults.ts";

export const GITHUB_API_PREFIX = "/github";
/** A token the stand-in rejects as revoked (401 Bad credentials). Any other token, or none, is accepted. */
export const BAD_GITHUB_TOKEN = "bad-token";
export const DEMO_WORKFLOW = { id: 161_335, file: "deploy.yml", name: "Deploy" } as const;
/** The demo's workflow that deploys Convex at a commit (`workflow_dispatch` with input `ref`). */
export const DEMO_CONVEX_WORKFLOW = "deploy-convex.yml";
const DEMO_CONVEX_WORKFLOW_ID = 161_336;

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

/** The build scenario's conclusion for the newest run on main (the head commit's). */
const SCENARIO_CONCLUSIONS = { failing: "failure", approval: "action_required", stale: "stale" } as const;

function withScenario(run: DemoWorkflowRun, settings: DemoSettings): DemoWorkflowRun {
  const newestMain = DEMO_WORKFLOW_RUNS.findLast((r) => r.headBranch === "main");
  if (settings.buildScenario === "passing" || run.id !== newestMain?.id) return run;
  return { ...run, conclusion: SCENARIO_CONCLUSIONS[settings.buildScenario] };
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
  else if (workflow === DEMO_CONVEX_WORKFLOW || workflow === String(DEMO_CONVEX_WORKFLOW_ID)) listConvexRuns(ctx);
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
  const gone = ctx.state.settings.gitScenario === "force-pushed" ? resolveRef(DEMO_PRODUCTION_BRANCH)?.sha : undefined;
  if (!base || !head || (gone !== undefined && (base.sha === gone || head.sha === gone))) {
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

/** GitHub's HTML answer when its front end cannot reach the API behind it (a shortened "Unicorn" page). */
const GITHUB_ERROR_PAGE = `<!DOCTYPE html>
<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Unicorn! &middot; GitHub</title></head>
<body><div class="container"><p><strong>We had issues producing the response to your request.</strong></p>
<p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></div></body>
</html>
`;

/**
 * `POST .../actions/workflows/{id}/dispatches` (Actions: write): `{ ref, inputs, return_run_details }`,
 * answered as `dispatchAnswer` says: 200 with the run's details when they were asked for (or 204),
 * a rate limit, or, after starting the run, an HTML 502 or no answer. A started run goes as
 * `deployRun` says; Convex reports the commit from the moment a successful run is started.
 */
async function dispatchWorkflow(ctx: RequestContext): Promise<void> {
  if (!ctx.req.headers.authorization) return error(ctx, 401, "Requires authentication");
  if (param(ctx, "workflow") !== DEMO_CONVEX_WORKFLOW) return error(ctx, 404, "Not Found");
  let body: { ref?: unknown; inputs?: Record<string, unknown>; return_run_details?: unknown };
  try {
    body = JSON.parse((await readBody(ctx.req, 65_536)).toString("utf8")) as typeof body;
  } catch {
    return error(ctx, 400, "Problems parsing JSON");
  }
  const sha = typeof body.inputs?.ref === "string" ? body.inputs.ref : "";
  if (typeof body.ref !== "string" || !resolveRef(body.ref))
    return error(ctx, 422, `No ref found for: ${String(body.ref)}`);
  if (!findCommit(sha)) return error(ctx, 422, `Unexpected inputs provided: ref must be a commit of the repository`);
  const answer = ctx.state.settings.dispatchAnswer;
  if (answer === "secondary-rate-limited")
    return sendJson(
      ctx.res,
      403,
      {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url:
          "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
      { "retry-after": "60", "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4990" },
      JSON_TYPE,
    );
  if (answer === "rate-limited-429")
    return sendJson(
      ctx.res,
      429,
      {
        message: "API rate limit exceeded",
        documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
      },
      { "retry-after": "30" },
      JSON_TYPE,
    );
  const run = ctx.state.startRun(sha, body.ref);
  if (run.course === "success") ctx.state.update({ convexCommit: sha });
  if (answer === "error-page-502") return sendHtml(ctx.res, 502, GITHUB_ERROR_PAGE);
  if (answer === "timeout") return answerOddly(ctx, "timeout");
  if (answer === "run-details" && body.return_run_details === true)
    return sendJson(
      ctx.res,
      200,
      {
        workflow_run_id: run.id,
        run_url: `${GITHUB_API_PREFIX}/repos/${DEMO_REPO.owner}/${DEMO_REPO.name}/actions/runs/${run.id}`,
        html_url: `${REPO_URL}/actions/runs/${run.id}`,
      },
      {},
      JSON_TYPE,
    );
  ctx.res.writeHead(204).end();
}

/** How long a dispatched run is queued, then in progress, before it concludes (a demo's deploy is quick). */
const RUN_QUEUED_MS = 300;
const RUN_DONE_MS = 1_000;

/** A dispatched run in the documented `workflow-run` shape, as far as it has got by `now`. */
function toDispatchedRun(run: DispatchedRun, now = Date.now()) {
  const age = now - Date.parse(run.createdAt);
  const [status, conclusion] =
    run.course === "approval"
      ? ["waiting", null]
      : age < RUN_QUEUED_MS
        ? ["queued", null]
        : age < RUN_DONE_MS
          ? ["in_progress", null]
          : ["completed", run.course];
  return {
    id: run.id,
    name: "Deploy Convex",
    display_title: "Deploy Convex",
    head_branch: run.branch,
    // A dispatched run runs the branch's head; the commit to deploy is its input.
    head_sha: resolveRef(run.branch)?.sha ?? run.sha,
    path: `.github/workflows/${DEMO_CONVEX_WORKFLOW}`,
    run_number: run.id - 19_000_000_000,
    run_attempt: 1,
    event: "workflow_dispatch",
    status,
    conclusion,
    workflow_id: DEMO_CONVEX_WORKFLOW_ID,
    html_url: `${REPO_URL}/actions/runs/${run.id}`,
    created_at: run.createdAt,
    updated_at: run.createdAt,
    run_started_at: run.createdAt,
    head_commit: null,
  };
}

/** The deploy-convex workflow's runs, newest first, filtered by `event`, `branch` and `created=>=ISO`. */
function listConvexRuns(ctx: RequestContext): void {
  const q = ctx.url.searchParams;
  const since = /^>=(.+)$/.exec(q.get("created") ?? "")?.[1];
  // Every dispatched run is a workflow_dispatch run: any other event filter finds none.
  const event = q.get("event");
  const runs = ctx.state.dispatchedRuns
    .filter(() => !event || event === "workflow_dispatch")
    .filter((r) => !q.get("branch") || r.branch === q.get("branch"))
    .filter((r) => !since || Date.parse(r.createdAt) >= Date.parse(since))
    .reverse();
  sendJson(
    ctx.res,
    200,
    { total_count: runs.length, workflow_runs: runs.map((r) => toDispatchedRun(r)) },
    {},
    JSON_TYPE,
  );
}

/** `GET .../actions/runs/{run_id}`: a dispatched run (the seeded deploy runs are read through the lists). */
function getRun(ctx: RequestContext): void {
  const id = Number(param(ctx, "run"));
  const run = ctx.state.dispatchedRuns.find((r) => r.id === id);
  if (run) sendJson(ctx.res, 200, toDispatchedRun(run), {}, JSON_TYPE);
  else error(ctx, 404, "Not Found", "https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run");
}

export function githubRoutes(): RouteGroup {
  const repo = `${GITHUB_API_PREFIX}/repos/:owner/:repo`;
  return {
    prefix: GITHUB_API_PREFIX,
    kind: "stand-in",
    routes: [
      { method: "GET", pattern: `${repo}/actions/runs`, handle: repoHandler(listRuns) },
      { method: "GET", pattern: `${repo}/actions/workflows/:workflow/runs`, handle: repoHandler(listWorkflowRuns) },
      { method: "GET", pattern: `${repo}/actions/runs/:run`, handle: repoHandler(getRun) },
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
