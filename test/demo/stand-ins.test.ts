import { describe, expect, it } from "vitest";
import { demoTime } from "../../src/demo/clock.ts";
import { getJson, rawGet, setState, useDemoServer } from "./demo-fixture.ts";

const demo = useDemoServer();
const AUTH = { authorization: "Bearer demo-token" };
const CF = "/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray";
const MAIN_HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";
const BEFORE_ROLLBACK = "29cb07959f28a797ccea7f1f91301aebdb910fe7";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PagesDeployment {
  id: string;
  short_id: string;
  project_name: string;
  environment: string;
  url: string;
  aliases: string[];
  created_on: string;
  latest_stage: { name: string; status: string };
  deployment_trigger: {
    type: string;
    metadata: { branch: string; commit_hash: string; commit_message: string; commit_dirty: boolean };
  };
  is_skipped_build: boolean;
}

describe("Cloudflare Pages API stand-in", () => {
  it("requires a bearer token: 401 without one, 403 for forbidden-token, in Cloudflare's error envelope", async () => {
    const missing = await getJson(`${demo.url}${CF}`);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      success: false,
      errors: [{ code: 10000, message: "Authentication error" }],
      messages: [],
      result: null,
    });
    const forbidden = await getJson(`${demo.url}${CF}/deployments`, {
      headers: { authorization: "Bearer forbidden-token" },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].code).toBe(10000);
  });

  it("answers 404 with code 8000007 for an unknown project or account", async () => {
    for (const path of [
      "/cloudflare/client/v4/accounts/demo-account/pages/projects/other",
      "/cloudflare/client/v4/accounts/nobody/pages/projects/dashtray/deployments",
    ]) {
      const res = await getJson(`${demo.url}${path}`, { headers: AUTH });
      expect(res.status, path).toBe(404);
      expect(res.body.success, path).toBe(false);
      expect(res.body.errors[0], path).toEqual({ code: 8000007, message: "Project not found" });
    }
  });

  it("lists 6-8 deployments newest first, with a failed one, a preview and successful production ones", async () => {
    const { status, body } = await getJson(`${demo.url}${CF}/deployments`, { headers: AUTH });
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, errors: [], messages: [] });
    const list = body.result as PagesDeployment[];
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(list.length).toBeLessThanOrEqual(8);
    expect(body.result_info).toEqual({
      page: 1,
      per_page: 25,
      count: list.length,
      total_count: list.length,
      total_pages: 1,
    });
    const times = list.map((d) => Date.parse(d.created_on));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const d of list) {
      expect(d.id).toMatch(UUID);
      expect(d.short_id).toBe(d.id.slice(0, 8));
      expect(d.project_name).toBe("dashtray");
      expect(d.url).toBe(`https://${d.short_id}.dashtray.pages.dev`);
      expect(d.deployment_trigger.metadata.commit_hash).toMatch(/^[0-9a-f]{40}$/);
      expect(d.deployment_trigger.metadata.commit_dirty).toBe(false);
      expect(d.is_skipped_build).toBe(false);
    }
    expect(list.some((d) => d.latest_stage.status === "failure" && d.environment === "production")).toBe(true);
    const preview = list.find((d) => d.environment === "preview");
    expect(preview?.deployment_trigger.metadata.branch).toMatch(/^feature\//);
    expect(preview?.aliases[0]).toMatch(/^https:\/\/feature-[a-z0-9-]+\.dashtray\.pages\.dev$/);
    expect(
      list.filter((d) => d.environment === "production" && d.latest_stage.status === "success").length,
    ).toBeGreaterThanOrEqual(3);
    expect(list[0]?.deployment_trigger.metadata).toMatchObject({ branch: "main", commit_hash: MAIN_HEAD });
  });

  it("filters by env and paginates", async () => {
    const production = (await getJson(`${demo.url}${CF}/deployments?env=production`, { headers: AUTH })).body
      .result as PagesDeployment[];
    expect(production.length).toBe(5);
    expect(production.every((d) => d.environment === "production")).toBe(true);
    const preview = (await getJson(`${demo.url}${CF}/deployments?env=preview`, { headers: AUTH })).body
      .result as PagesDeployment[];
    expect(preview.map((d) => d.environment)).toEqual(["preview", "preview"]);
    const page2 = await getJson(`${demo.url}${CF}/deployments?env=production&per_page=2&page=2`, { headers: AUTH });
    expect(page2.body.result.map((d: PagesDeployment) => d.id)).toEqual(production.slice(2, 4).map((d) => d.id));
    expect(page2.body.result_info).toEqual({ page: 2, per_page: 2, count: 2, total_count: 5, total_pages: 3 });
    const bad = await getJson(`${demo.url}${CF}/deployments?env=staging`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect(bad.body.success).toBe(false);
  });

  it("describes the project: canonical is the newest successful production deployment normally", async () => {
    const { status, body } = await getJson(`${demo.url}${CF}`, { headers: AUTH });
    expect(status).toBe(200);
    const project = body.result;
    expect(project).toMatchObject({ name: "dashtray", subdomain: "dashtray.pages.dev", production_branch: "main" });
    expect(project.domains).toEqual(["dashtray.pages.dev", "dashtray.example.com", "www.dashtray.example.com"]);
    expect(project.canonical_deployment.id).toBe(project.latest_deployment.id);
    expect(project.canonical_deployment.deployment_trigger.metadata.commit_hash).toBe(MAIN_HEAD);
    const version = await getJson(`${demo.url}/version.json`);
    expect(version.body.commit).toBe(project.canonical_deployment.deployment_trigger.metadata.commit_hash);
  });

  it("rolled-back: canonical points to an older successful production deployment, and /version.json follows it", async () => {
    await setState(demo.url, { pagesScenario: "rolled-back" });
    const project = (await getJson(`${demo.url}${CF}`, { headers: AUTH })).body.result;
    const canonical = project.canonical_deployment as PagesDeployment;
    expect(canonical.id).not.toBe(project.latest_deployment.id);
    expect(Date.parse(canonical.created_on)).toBeLessThan(Date.parse(project.latest_deployment.created_on));
    expect(canonical).toMatchObject({ environment: "production", latest_stage: { status: "success" } });
    expect(canonical.deployment_trigger.metadata.commit_hash).toBe(BEFORE_ROLLBACK);
    const production = (await getJson(`${demo.url}${CF}/deployments?env=production`, { headers: AUTH })).body
      .result as PagesDeployment[];
    const newestGood = production.find((d) => d.latest_stage.status === "success");
    expect(newestGood?.id).not.toBe(canonical.id);
    expect((await getJson(`${demo.url}/version.json`)).body.commit).toBe(
      canonical.deployment_trigger.metadata.commit_hash,
    );
  });

  it("lists custom domains with status, validation and verification data", async () => {
    const { status, body } = await getJson(`${demo.url}${CF}/domains`, { headers: AUTH });
    expect(status).toBe(200);
    expect(body.result_info.total_count).toBe(2);
    expect(body.result[0]).toMatchObject({
      name: "dashtray.example.com",
      status: "active",
      validation_data: { status: "active", method: "http" },
      verification_data: { status: "active" },
    });
  });

  it("answers an unknown route in the Cloudflare envelope", async () => {
    const res = await getJson(`${demo.url}/cloudflare/client/v4/zones`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, errors: [{ code: 7000 }] });
  });
});

describe("GitHub API stand-in", () => {
  const RUNS = "/github/repos/dashtray/dashtray/actions/runs";

  it("refuses a request without User-Agent with GitHub's 403", async () => {
    const res = await rawGet(`${demo.url}${RUNS}?branch=main&per_page=1`);
    expect(res.status).toBe(403);
    expect(res.body).toContain("Please make sure your request has a User-Agent header");
    const withAgent = await rawGet(`${demo.url}${RUNS}?branch=main&per_page=1`, { "user-agent": "dashtray-runbook" });
    expect(withAgent.status).toBe(200);
    expect(withAgent.contentType).toContain("application/json");
  });

  it("returns the latest main run with the documented fields", async () => {
    const { status, body } = await getJson(`${demo.url}${RUNS}?branch=main&per_page=1`, {
      headers: { "user-agent": "test" },
    });
    expect(status).toBe(200);
    expect(body.total_count).toBe(7);
    expect(body.workflow_runs).toHaveLength(1);
    expect(body.workflow_runs[0]).toMatchObject({
      id: expect.any(Number),
      name: "Deploy",
      head_branch: "main",
      head_sha: MAIN_HEAD,
      status: "completed",
      conclusion: "success",
      html_url: expect.stringMatching(/^https:\/\/github\.com\/dashtray\/dashtray\/actions\/runs\/\d+$/),
      run_number: expect.any(Number),
      event: "push",
    });
    expect(Date.parse(body.workflow_runs[0].updated_at)).toBeGreaterThan(Date.parse(body.workflow_runs[0].created_at));
  });

  it("serves the same runs per workflow file, newest first, including the failed one", async () => {
    const { body } = await getJson(
      `${demo.url}/github/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs?branch=main`,
    );
    const numbers = body.workflow_runs.map((r: { run_number: number }) => r.run_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(body.workflow_runs.find((r: { conclusion: string }) => r.conclusion === "failure")?.head_sha).toBe(
      "2f0cebaac12792355e7914251a3e462b66116677",
    );
    expect((await getJson(`${demo.url}/github/repos/dashtray/dashtray/actions/workflows/other.yml/runs`)).status).toBe(
      404,
    );
  });

  it("answers 404 for another repository and 401 for a bad token, in GitHub's error shape", async () => {
    const other = await getJson(`${demo.url}/github/repos/someone/else/actions/runs`);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ message: "Not Found", status: "404" });
    const badToken = await getJson(`${demo.url}${RUNS}`, { headers: { authorization: "Bearer bad-token" } });
    expect(badToken.status).toBe(401);
    expect(badToken.body.message).toBe("Bad credentials");
    expect((await fetch(`${demo.url}${RUNS}`, { headers: { authorization: "Bearer ghp_demo" } })).status).toBe(200);
  });

  it("compares the rolled-back commit with main: ahead by the two newer commits", async () => {
    const { status, body } = await getJson(
      `${demo.url}/github/repos/dashtray/dashtray/compare/${BEFORE_ROLLBACK}...${MAIN_HEAD}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(body.html_url).toBe(`https://github.com/dashtray/dashtray/compare/${BEFORE_ROLLBACK}...${MAIN_HEAD}`);
    expect(body.commits.map((c: { sha: string }) => c.sha)).toEqual([
      "2f0cebaac12792355e7914251a3e462b66116677",
      MAIN_HEAD,
    ]);
    expect(body.commits[1]).toMatchObject({
      commit: {
        message: "Fix plan price rounding on invoices",
        author: { name: "Grace Hopper", date: demoTime("2026-11-26T08:55:00Z") },
      },
      html_url: `https://github.com/dashtray/dashtray/commit/${MAIN_HEAD}`,
    });
  });

  it("compares the other way, identical refs, diverged branches and short SHAs", async () => {
    const base = `${demo.url}/github/repos/dashtray/dashtray/compare`;
    expect((await getJson(`${base}/main...${BEFORE_ROLLBACK}`)).body).toMatchObject({
      status: "behind",
      ahead_by: 0,
      behind_by: 2,
      commits: [],
    });
    expect((await getJson(`${base}/main...${MAIN_HEAD}`)).body).toMatchObject({
      status: "identical",
      ahead_by: 0,
      behind_by: 0,
    });
    expect((await getJson(`${base}/main...feature/dark-mode`)).body).toMatchObject({
      status: "diverged",
      ahead_by: 1,
      behind_by: 3,
    });
    expect((await getJson(`${base}/29cb079...0559c70`)).body).toMatchObject({ status: "ahead", ahead_by: 2 });
    expect((await getJson(`${base}/main...${"f".repeat(40)}`)).status).toBe(404);
    expect((await getJson(`${base}/main`)).status).toBe(404);
  });

  it("uses commits the Pages stand-in also knows", async () => {
    const deployments = (await getJson(`${demo.url}${CF}/deployments`, { headers: AUTH })).body
      .result as PagesDeployment[];
    const runs = (await getJson(`${demo.url}${RUNS}?per_page=100`)).body.workflow_runs as { head_sha: string }[];
    const runShas = new Set(runs.map((r) => r.head_sha));
    for (const d of deployments) expect(runShas.has(d.deployment_trigger.metadata.commit_hash), d.id).toBe(true);
  });
});

describe("the stand-ins page like the real APIs", () => {
  it("Pages deployments: at most 25 a page whatever is asked, with result_info; rollbackScenario pushes the last good one to page 5", async () => {
    await setState(demo.url, { rollbackScenario: "page-5" });
    const first = await getJson(`${demo.url}${CF}/deployments?env=production&per_page=100`, { headers: AUTH });
    expect(first.body.result).toHaveLength(25);
    expect(first.body.result_info).toEqual({ page: 1, per_page: 25, count: 25, total_count: 115, total_pages: 5 });
    const fifth = await getJson(`${demo.url}${CF}/deployments?env=production&page=5`, { headers: AUTH });
    const ids = (fifth.body.result as PagesDeployment[]).map((d) => d.id);
    expect(ids).toContain("54035b60-8935-4af3-8315-b5c5f41b494d");
    expect((first.body.result as PagesDeployment[]).slice(1).every((d) => d.latest_stage.status === "failure")).toBe(
      true,
    );
    const beyond = await getJson(`${demo.url}${CF}/deployments?env=production&page=6`, { headers: AUTH });
    expect(beyond.body.result).toEqual([]);
  });

  it("GitHub secrets: a Link header with rel=next while more pages follow, none on the last", async () => {
    const headers = { authorization: "Bearer demo-token", "user-agent": "test" };
    const first = await fetch(`${demo.url}/github/repos/dashtray/dashtray/actions/secrets?per_page=1`, { headers });
    expect(first.headers.get("link")).toMatch(
      /<http:\/\/[^>]+\/github\/repos\/dashtray\/dashtray\/actions\/secrets\?per_page=1&page=2>; rel="next"/,
    );
    const last = (first.headers.get("link") ?? "").match(/<([^>]+)>; rel="last"/)?.[1];
    if (!last) throw new Error("no rel=last");
    const end = await fetch(last, { headers });
    expect(end.headers.get("link")).toBeNull();
  });
});
