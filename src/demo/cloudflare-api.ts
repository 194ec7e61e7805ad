/**
 * @module
 * Cloudflare Pages API stand-in (base `/cloudflare/client/v4`): the project, its deployments and
 * its custom domains, in the documented envelope `{ success, errors, messages, result }`.
 */

import { demoTime } from "./clock.ts";
import { demoDeployments } from "./deployment-pages.ts";
import { DEMO_DEPLOYMENTS, DEMO_PRODUCTION_BRANCH, type DemoDeployment, findCommit, shiftIso } from "./history.ts";
import { intParam, sendJson } from "./http.ts";
import { canonicalDeployment, latestDeployment } from "./release.ts";
import { param, type RequestContext, type RouteGroup } from "./router.ts";
import type { DemoSettings } from "./settings.ts";
import { demoVariables } from "./variables.ts";
import { answerOddly } from "./write-faults.ts";

export const CLOUDFLARE_API_PREFIX = "/cloudflare/client/v4";
/** runbook.config.json's `environments.demo.cloudflare`. */
export const DEMO_CLOUDFLARE_ACCOUNT = "demo-account";
export const DEMO_PAGES_PROJECT = "dashtray";
/** A token the stand-in treats as valid but lacking Pages Read: answers 403. Any other bearer token is accepted. */
export const FORBIDDEN_TOKEN = "forbidden-token";

const PROJECT_ID = "6e238afe-4859-4e1d-9c45-ddeed1ee25ce";
const SUBDOMAIN = `${DEMO_PAGES_PROJECT}.pages.dev`;
const PROJECT_CREATED_ON = demoTime("2026-11-10T09:20:00Z");
/** The Pages API lists at most 25 deployments a page, and 25 unless asked for fewer. */
const DEFAULT_PER_PAGE = 25;

const CUSTOM_DOMAINS = [
  { id: "a0f486e8-d7b3-4682-9bb9-e9db23a022b9", name: "dashtray.example.com", method: "http" },
  { id: "0b6f7a2e-3c1d-4e8f-9a5b-6c7d8e9f0a1b", name: "www.dashtray.example.com", method: "txt" },
] as const;

interface CloudflareMessage {
  code: number;
  message: string;
}

function ok(ctx: RequestContext, result: unknown, resultInfo?: Record<string, number>): void {
  sendJson(ctx.res, 200, {
    success: true,
    errors: [],
    messages: [],
    result,
    ...(resultInfo ? { result_info: resultInfo } : {}),
  });
}

function fail(ctx: RequestContext, status: number, error: CloudflareMessage): void {
  sendJson(ctx.res, status, { success: false, errors: [error], messages: [], result: null });
}

/** Bearer token required; `forbidden-token` stands for a token without the Pages permission. */
function authorized(ctx: RequestContext): boolean {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "")?.[1];
  if (!token) {
    fail(ctx, 401, { code: 10000, message: "Authentication error" });
    return false;
  }
  if (token === FORBIDDEN_TOKEN) {
    fail(ctx, 403, { code: 10000, message: "Authentication error" });
    return false;
  }
  return true;
}

/** Auth first, then the account and project must be the demo's own. */
function projectRequest(ctx: RequestContext): boolean {
  if (!authorized(ctx)) return false;
  if (param(ctx, "account") !== DEMO_CLOUDFLARE_ACCOUNT || param(ctx, "project") !== DEMO_PAGES_PROJECT) {
    fail(ctx, 404, { code: 8000007, message: "Project not found" });
    return false;
  }
  return true;
}

/** A history record in the API's Deployment shape. */
export function toPagesDeployment(d: DemoDeployment) {
  const commit = findCommit(d.commitSha);
  const shortId = d.id.slice(0, 8);
  const startedOn = shiftIso(d.createdOn, 2);
  const endedOn = shiftIso(d.createdOn, 41);
  const stage = (name: string, status: string) => ({ name, started_on: startedOn, ended_on: endedOn, status });
  return {
    id: d.id,
    short_id: shortId,
    project_id: PROJECT_ID,
    project_name: DEMO_PAGES_PROJECT,
    environment: d.environment,
    url: `https://${shortId}.${SUBDOMAIN}`,
    created_on: d.createdOn,
    modified_on: endedOn,
    // Real answers send null, not an empty list, for a production deployment without aliases.
    aliases: d.environment === "preview" ? [`https://${branchAlias(d.branch)}.${SUBDOMAIN}`] : null,
    latest_stage: stage(d.stage.name, d.stage.status),
    stages: [
      stage("queued", "success"),
      stage("initialize", "success"),
      stage("clone_repo", "skipped"),
      stage("build", "skipped"),
      stage("deploy", d.stage.status),
    ],
    // Dashtray builds in GitHub Actions and uploads with wrangler: a direct upload, so `ad_hoc`.
    deployment_trigger: {
      type: "ad_hoc",
      metadata: {
        branch: d.branch,
        commit_hash: d.commitSha,
        commit_message: commit?.message ?? "",
        commit_dirty: false,
      },
    },
    is_skipped_build: false,
    production_branch: DEMO_PRODUCTION_BRANCH,
    uses_functions: true,
  };
}

/** Pages' branch alias: lowercase, anything but letters and digits becomes `-`, at most 28 characters. */
function branchAlias(branch: string): string {
  return branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 28)
    .replace(/^-+|-+$/g, "");
}

function getProject(ctx: RequestContext): void {
  if (!projectRequest(ctx)) return;
  const settings = ctx.state.settings;
  ok(ctx, {
    id: PROJECT_ID,
    name: DEMO_PAGES_PROJECT,
    subdomain: SUBDOMAIN,
    domains: [SUBDOMAIN, ...CUSTOM_DOMAINS.map((d) => d.name)],
    production_branch: DEMO_PRODUCTION_BRANCH,
    created_on: PROJECT_CREATED_ON,
    source: null,
    canonical_deployment: toPagesDeployment(canonicalDeployment(settings.pagesScenario)),
    latest_deployment: toPagesDeployment(latestDeployment()),
    // Documented shape: env_vars keyed by name, each `{ type, value }`; the values are here on purpose (tests check they never leave the Function).
    deployment_configs: {
      production: { compatibility_date: "2026-11-01", env_vars: demoVariables("pages", settings.variablesScenario) },
      preview: { compatibility_date: "2026-11-01", env_vars: {} },
    },
  });
}

function listDeployments(ctx: RequestContext): void {
  if (!projectRequest(ctx)) return;
  const env = ctx.url.searchParams.get("env");
  if (env !== null && env !== "production" && env !== "preview") {
    fail(ctx, 400, {
      code: 8000000,
      message: `Invalid query parameter env: expected "production" or "preview", received "${env}"`,
    });
    return;
  }
  const page = intParam(ctx.url, "page", 1, 10_000, 1);
  const asked = intParam(ctx.url, "per_page", 1, 100, DEFAULT_PER_PAGE);
  if (page === null || asked === null) {
    fail(ctx, 400, {
      code: 8000000,
      message: "Invalid query parameter: page must be >= 1 and per_page between 1 and 100",
    });
    return;
  }
  const perPage = Math.min(asked, DEFAULT_PER_PAGE);
  const all = demoDeployments(ctx.state.settings.rollbackScenario).filter((d) => env === null || d.environment === env);
  const slice = all.slice((page - 1) * perPage, page * perPage);
  ok(ctx, slice.map(toPagesDeployment), {
    page,
    per_page: perPage,
    count: slice.length,
    total_count: all.length,
    total_pages: Math.ceil(all.length / perPage),
  });
}

/** `GET .../deployments/{id}`: one deployment, production or preview, as the list shows it. */
function getDeployment(ctx: RequestContext): void {
  if (!projectRequest(ctx)) return;
  const id = param(ctx, "deployment");
  const found = demoDeployments(ctx.state.settings.rollbackScenario).find((d) => d.id === id);
  if (!found) fail(ctx, 404, { code: 8000009, message: "Deployment not found" });
  else ok(ctx, toPagesDeployment(found));
}

/** The first custom domain's status per `domainScenario` (the others stay active). */
function domainState(scenario: DemoSettings["domainScenario"], method: string) {
  if (scenario === "pending")
    return {
      status: "pending",
      verification_data: { status: "pending" },
      validation_data: {
        status: "pending",
        method: "txt",
        txt_name: "_cf-custom-hostname.dashtray.example.com",
        txt_value: "5d6c4b1a-2f3e-4a5b-8c9d-0e1f2a3b4c5d",
      },
    };
  if (scenario === "error")
    return {
      status: "error",
      verification_data: {
        status: "error",
        error_message: "CNAME record not set: dashtray.example.com does not point at dashtray.pages.dev",
      },
      validation_data: {
        status: "error",
        method,
        error_message:
          "Certificate validation failed: the CAA records of example.com do not allow google or lets_encrypt",
      },
    };
  // An active domain's answer carries nulls where the description says string: the runbook must read them as absent.
  return {
    status: "active",
    verification_data: { status: "active", error_message: null },
    validation_data: { status: "active", method, error_message: null, txt_name: null, txt_value: null },
  };
}

function listDomains(ctx: RequestContext): void {
  if (!projectRequest(ctx)) return;
  const domains = CUSTOM_DOMAINS.map((d, index) => ({
    id: d.id,
    name: d.name,
    ...domainState(index === 0 ? ctx.state.settings.domainScenario : "active", d.method),
    certificate_authority: "google",
    zone_tag: "5e1d2c3b4a5968778695a4b3c2d1e0f9",
    created_on: PROJECT_CREATED_ON,
  }));
  ok(ctx, domains, {
    page: 1,
    per_page: DEFAULT_PER_PAGE,
    count: domains.length,
    total_count: domains.length,
    total_pages: 1,
  });
}

/**
 * `POST .../deployments/{id}/rollback` (Pages Edit), so the rollback command the runbook shows works
 * on the demo too. The demo can serve its newest production deployment or the one before it.
 */
function rollback(ctx: RequestContext): void {
  if (!projectRequest(ctx)) return;
  const id = param(ctx, "deployment");
  const scenario = (["normal", "rolled-back"] as const).find((s) => canonicalDeployment(s).id === id);
  const { rollbackAnswer, rollbackApplied } = ctx.state.settings;
  if (scenario && rollbackAnswer !== "normal") {
    // The practised faults: the switch happens (or not) whatever the answer says.
    if (rollbackApplied !== "no") ctx.state.update({ pagesScenario: scenario });
    if (rollbackApplied === "yes-then-outage") ctx.state.update({ cloudflareApi: "error", mode: "down" });
    if (rollbackAnswer === "refused")
      fail(ctx, 400, { code: 8000000, message: "The request could not be processed. Please try again." });
    else answerOddly(ctx, rollbackAnswer);
    return;
  }
  if (scenario) {
    ctx.state.update({ pagesScenario: scenario });
    ok(ctx, toPagesDeployment(canonicalDeployment(scenario)));
  } else if (!DEMO_DEPLOYMENTS.some((d) => d.id === id)) {
    fail(ctx, 404, { code: 8000009, message: "Deployment not found" });
  } else {
    const choices = [canonicalDeployment("normal").id, canonicalDeployment("rolled-back").id].join(" or ");
    fail(ctx, 400, { code: 8000000, message: `The demo can only serve ${choices}` });
  }
}

export function cloudflareRoutes(): RouteGroup {
  const project = `${CLOUDFLARE_API_PREFIX}/accounts/:account/pages/projects/:project`;
  return {
    prefix: CLOUDFLARE_API_PREFIX,
    kind: "stand-in",
    routes: [
      { method: "GET", pattern: project, handle: getProject },
      { method: "GET", pattern: `${project}/deployments`, handle: listDeployments },
      { method: "GET", pattern: `${project}/domains`, handle: listDomains },
      { method: "GET", pattern: `${project}/deployments/:deployment`, handle: getDeployment },
      { method: "POST", pattern: `${project}/deployments/:deployment/rollback`, handle: rollback },
    ],
    notFound: (ctx) => fail(ctx, 404, { code: 7000, message: "No route for that URI" }),
  };
}
