import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { cloudflareSettings, githubSettings } from "../../src/core/config/environment.ts";
import { readVersion, versionEndpoints } from "../../src/server/clients/app.ts";
import { cloudflareClient } from "../../src/server/clients/cloudflare.ts";
import { githubClient } from "../../src/server/clients/github.ts";
import { retryAfter } from "../../src/server/clients/http.ts";
import {
  ACCOUNT,
  APP_VERSION,
  CONVEX_VERSION,
  cloudflareError,
  compareAnswer,
  DEPLOYMENTS,
  deploymentsAnswer,
  PROJECT,
  projectAnswer,
  SHA,
  workflowRunsAnswer,
} from "./deploy-fixtures.ts";
import { json, useUpstream } from "./deploy-upstream.ts";

const upstream = useUpstream();
const TOKEN = "cf-secret-token-123";
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const PROJECT_PATH = `/client/v4/accounts/${ACCOUNT}/pages/projects/${PROJECT}`;

/** `null`: no token binding at all. */
function pages(token: string | null = TOKEN, timeoutMs?: number) {
  const settings = cloudflareSettings.parse({
    accountId: ACCOUNT,
    pagesProject: PROJECT,
    apiBase: `${upstream.url}/client/v4`,
  });
  const client = cloudflareClient({
    fetch: fetchImpl,
    settings,
    bindings: token === null ? {} : { CLOUDFLARE_API_TOKEN: token },
    environmentId: "production",
    ...(timeoutMs && { timeoutMs }),
  });
  return {
    project: () => client.project(),
    /** The first page only, as these tests set one answer for the list. */
    productionDeployments: async () => {
      const found = await client.searchProductionDeployments({ done: () => true });
      return found.ok ? { ok: true as const, data: found.data.deployments } : found;
    },
  };
}

function gh(token: string | null = "gh-secret-token") {
  const settings = githubSettings.parse({ repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` });
  return githubClient({
    fetch: fetchImpl,
    settings,
    bindings: token === null ? {} : { GITHUB_TOKEN: token },
    environmentId: "production",
  });
}

describe("Cloudflare Pages provider reads the documented answers", () => {
  it("the project: production branch, domains and the canonical deployment", async () => {
    upstream.on(PROJECT_PATH, json(200, projectAnswer(DEPLOYMENTS[3])));
    const answer = await pages().project();
    expect(answer).toEqual({
      ok: true,
      data: {
        name: PROJECT,
        productionBranch: "main",
        domains: ["dashtray.pages.dev", "dashtray.example.com"],
        canonical: expect.objectContaining({ id: "54035b60-8935-4af3-8315-b5c5f41b494d", commit: SHA.live }),
        latest: expect.objectContaining({ id: "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f" }),
      },
    });
    const sent = upstream.requests[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers["user-agent"]).toBe("dashtray-runbook");
  });

  it("production deployments: asks for env=production, keeps id, short id, commit, first line of the message, stage", async () => {
    upstream.on(`${PROJECT_PATH}/deployments`, json(200, deploymentsAnswer()));
    const answer = await pages().productionDeployments();
    expect(upstream.requests[0]?.query).toBe("?env=production&page=1&per_page=25");
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data).toHaveLength(4);
    expect(answer.data[3]).toEqual({
      id: "ca94f0eb-4a61-460c-9ce8-384eb946d55d",
      shortId: "ca94f0eb",
      environment: "production",
      url: "https://ca94f0eb.dashtray.pages.dev",
      createdOn: "2026-11-23T15:08:19Z",
      branch: "main",
      commit: SHA.good,
      commitMessage: "Retry DodoPayments webhook processing",
      stage: { name: "deploy", status: "success" },
    });
    expect(answer.data[1]?.stage).toEqual({ name: "build", status: "failure" });
  });

  it("drops a commit hash that is not a SHA and a URL that is not http(s), rather than passing them into commands and links", async () => {
    const odd = {
      ...DEPLOYMENTS[0],
      url: "javascript:alert(1)",
      deployment_trigger: { type: "ad_hoc", metadata: { commit_hash: "$(rm -rf /)" } },
    };
    upstream.on(`${PROJECT_PATH}/deployments`, json(200, deploymentsAnswer([odd])));
    const answer = await pages().productionDeployments();
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data[0]?.commit).toBeUndefined();
    expect(answer.data[0]?.url).toBe("");
  });
});

describe("Cloudflare Pages provider: every failure says what to do", () => {
  it("missing token: names the variable and where to set it, and asks nothing", async () => {
    const answer = await pages(null).project();
    expect(answer).toEqual({
      ok: false,
      error: {
        code: "missing_token",
        message:
          "No Cloudflare API token: set CLOUDFLARE_API_TOKEN in .dev.vars (local) or in the Pages project's secrets (deployed), a token with Cloudflare Pages: Read.",
      },
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it("401: the token is invalid or expired", async () => {
    upstream.on(PROJECT_PATH, json(401, cloudflareError(10000, "Authentication error")));
    const answer = await pages().project();
    expect(answer.ok || answer.error).toEqual({
      code: "token_rejected",
      message:
        "The Cloudflare API rejected the token in CLOUDFLARE_API_TOKEN as invalid (HTTP 401, code 10000): it is malformed, expired or revoked; put a valid API token (not a Global API Key) in CLOUDFLARE_API_TOKEN. (Cloudflare said: 10000 Authentication error)",
    });
  });

  it("403: the token lacks Pages Read, and the token itself is never repeated", async () => {
    upstream.on(PROJECT_PATH, json(403, cloudflareError(10000, `Authentication error for token ${TOKEN}`)));
    const answer = await pages().project();
    if (answer.ok) throw new Error("expected a failure");
    expect(answer.error.code).toBe("forbidden");
    expect(answer.error.message).toContain("does not grant Account → Cloudflare Pages → Read");
    expect(answer.error.message).toContain("[token]");
    expect(answer.error.message).not.toContain(TOKEN);
  });

  it("404: the project is not in the account; names the config fields to check", async () => {
    upstream.on(PROJECT_PATH, json(404, cloudflareError(8000007, "Project not found")));
    const answer = await pages().project();
    expect(answer.ok || answer.error).toEqual({
      code: "not_found",
      message: `The Cloudflare API has no Pages project "dashtray" in account "${ACCOUNT}" (code 8000007); check environments.production.cloudflare.accountId and pagesProject in runbook.config.json. (Cloudflare said: 8000007 Project not found)`,
    });
  });

  it("429: rate limited, with the wait from retry-after", async () => {
    upstream.on(
      PROJECT_PATH,
      json(429, cloudflareError(971, "Please wait and consider throttling your request speed"), {
        "retry-after": "30",
      }),
    );
    const answer = await pages().project();
    if (answer.ok) throw new Error("expected a failure");
    expect(answer.error.code).toBe("rate_limited");
    expect(answer.error.retryAfterSeconds).toBe(30);
    expect(answer.error.message).toMatch(
      /^The Cloudflare API rate-limited the token in CLOUDFLARE_API_TOKEN \(HTTP 429\): retry in 30 s \(after \d\d:\d\d:\d\d UTC\)\.$/,
    );
  });

  it("5xx: a problem on Cloudflare's side", async () => {
    upstream.on(PROJECT_PATH, json(502, cloudflareError(10013, "Internal error")));
    const answer = await pages().project();
    expect(answer.ok || answer.error.code).toBe("upstream_error");
    expect(answer.ok || answer.error.message).toContain(
      "failed with HTTP 502: a problem on its side; try again in a minute",
    );
  });

  it("a 200 in the wrong shape names the field that did not fit", async () => {
    upstream.on(PROJECT_PATH, json(200, { success: true, errors: [], messages: [], result: { name: PROJECT } }));
    const answer = await pages().project();
    expect(answer.ok || answer.error.code).toBe("unexpected_response");
    expect(answer.ok || answer.error.message).toContain("result.production_branch");
  });

  it("a 200 that is not JSON (a login page in front of the API)", async () => {
    upstream.on(PROJECT_PATH, (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Sign in</html>");
    });
    const answer = await pages().project();
    expect(answer.ok || answer.error.code).toBe("unexpected_response");
    expect(answer.ok || answer.error.message).toContain("text/html, not JSON");
  });

  it("a 200 with success: false reports Cloudflare's own error", async () => {
    upstream.on(PROJECT_PATH, json(200, cloudflareError(8000000, "Something odd")));
    const answer = await pages().project();
    expect(answer.ok || answer.error).toMatchObject({
      code: "upstream_error",
      message: expect.stringContaining("8000000 Something odd"),
    });
  });

  it("timeout: no answer within the deadline", async () => {
    upstream.on(PROJECT_PATH, () => {});
    const started = performance.now();
    const answer = await pages(TOKEN, 300).project();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(answer.ok || answer.error).toEqual({
      code: "timeout",
      message: `The Cloudflare API did not answer within 0.3 s (${upstream.url}${PROJECT_PATH}).`,
    });
  });

  it("unreachable: nothing listens there", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const settings = cloudflareSettings.parse({
      accountId: ACCOUNT,
      pagesProject: PROJECT,
      apiBase: `http://127.0.0.1:${port}/client/v4`,
    });
    const answer = await cloudflareClient({
      fetch: fetchImpl,
      settings,
      bindings: { CLOUDFLARE_API_TOKEN: TOKEN },
      environmentId: "production",
    }).project();
    expect(answer.ok || answer.error.code).toBe("unreachable");
    expect(answer.ok || answer.error.message).toContain("connection refused");
  });

  it("a redirect off the configured origin is not followed (the token must not travel)", async () => {
    upstream.on(PROJECT_PATH, (res) => {
      res.writeHead(302, { location: "http://127.0.0.2:1/steal" });
      res.end();
    });
    const answer = await pages().project();
    expect(answer.ok || answer.error.code).toBe("unreachable");
    expect(answer.ok || answer.error.message).toContain("not a configured target");
  });
});

describe("GitHub provider", () => {
  const RUNS_PATH = "/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs";

  it("latest deploy run on the production branch, with User-Agent and the API version header; the link is built from config", async () => {
    upstream.on(RUNS_PATH, json(200, workflowRunsAnswer({ conclusion: "failure" })));
    const answer = await gh().latestDeployRun();
    expect(answer).toEqual({
      ok: true,
      data: {
        runNumber: 562,
        status: "completed",
        conclusion: "failure",
        htmlUrl: "https://github.com/dashtray/dashtray/actions/runs/30433642",
        headSha: SHA.newest,
        createdAt: "2026-11-26T08:55:30Z",
      },
    });
    const sent = upstream.requests[0];
    expect(sent?.query).toBe("?branch=main&per_page=1");
    expect(sent?.headers["user-agent"]).toBe("dashtray-runbook");
    expect(sent?.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(sent?.headers.authorization).toBe("Bearer gh-secret-token");
  });

  it("no runs yet is an answer, not an error", async () => {
    upstream.on(RUNS_PATH, json(200, { total_count: 0, workflow_runs: [] }));
    expect(await gh().latestDeployRun()).toEqual({ ok: true, data: null });
  });

  it("compare: ahead by, and whether the range holds merge commits (unknown when GitHub lists only part of it)", async () => {
    const path = `/gh/repos/dashtray/dashtray/compare/${SHA.live}...${SHA.newest}`;
    upstream.on(path, json(200, compareAnswer({ merge: true })));
    expect(await gh().compare(SHA.live, SHA.newest)).toEqual({
      ok: true,
      data: { status: "ahead", aheadBy: 2, behindBy: 0, totalCommits: 2, mergeCommits: true },
    });
    upstream.on(path, json(200, compareAnswer()));
    expect(await gh().compare(SHA.live, SHA.newest)).toMatchObject({ ok: true, data: { mergeCommits: false } });
    upstream.on(path, json(200, compareAnswer({ ahead: 300, listed: 250 })));
    expect(await gh().compare(SHA.live, SHA.newest)).toMatchObject({
      ok: true,
      data: { aheadBy: 300, mergeCommits: null },
    });
  });

  it("missing token names GITHUB_TOKEN", async () => {
    const answer = await gh(null).latestDeployRun();
    expect(answer.ok || answer.error.code).toBe("missing_token");
    expect(answer.ok || answer.error.message).toContain("set GITHUB_TOKEN in .dev.vars");
  });

  it("403 with the rate limit used up is a rate limit, with the wait from x-ratelimit-reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    upstream.on(
      RUNS_PATH,
      json(
        403,
        { message: "API rate limit exceeded" },
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      ),
    );
    const answer = await gh().latestDeployRun();
    if (answer.ok) throw new Error("expected a failure");
    expect(answer.error.code).toBe("rate_limited");
    expect(answer.error.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(answer.error.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it("403 otherwise: the token cannot read the repository", async () => {
    upstream.on(RUNS_PATH, json(403, { message: "Resource not accessible by personal access token" }));
    const answer = await gh().latestDeployRun();
    expect(answer.ok || answer.error.code).toBe("forbidden");
    expect(answer.ok || answer.error.message).toContain("Actions: Read");
  });

  it("404: repository or workflow not found, or invisible to the token", async () => {
    const answer = await gh().latestDeployRun();
    expect(answer.ok || answer.error.code).toBe("not_found");
    expect(answer.ok || answer.error.message).toContain(
      "dashtray/dashtray (workflow deploy.yml) not found, or the token in GITHUB_TOKEN cannot see it",
    );
  });
});

describe("version endpoints", () => {
  it("reads the app's /version.json and the Convex HTTP action", async () => {
    upstream.on("/version.json", json(200, APP_VERSION));
    upstream.on("/convex/version", json(200, CONVEX_VERSION));
    expect(
      await readVersion(fetchImpl, { name: "The app's version endpoint", url: `${upstream.url}/version.json` }),
    ).toEqual({
      ok: true,
      data: {
        url: `${upstream.url}/version.json`,
        commit: SHA.live,
        version: "2026.11.24-1",
        builtAt: "2026-11-24T10:54:31Z",
      },
    });
    expect(await readVersion(fetchImpl, { name: "Convex", url: `${upstream.url}/convex/version` })).toMatchObject({
      ok: true,
      data: { commit: SHA.newest, deployment: "production-dashtray-789" },
    });
  });

  it("a commit that is not a SHA is the wrong shape", async () => {
    upstream.on("/version.json", json(200, { commit: "dev" }));
    const answer = await readVersion(fetchImpl, {
      name: "The app's version endpoint",
      url: `${upstream.url}/version.json`,
    });
    expect(answer.ok || answer.error.code).toBe("unexpected_response");
    expect(answer.ok || answer.error.message).toContain("commit: expected the deployed Git commit SHA");
  });

  it("a huge answer is cut off at the size limit", async () => {
    upstream.on("/version.json", json(200, { commit: SHA.live, padding: "x".repeat(200_000) }));
    const answer = await readVersion(fetchImpl, {
      name: "The app's version endpoint",
      url: `${upstream.url}/version.json`,
    });
    expect(answer.ok || answer.error.code).toBe("too_large");
  });

  it("404 says to check the target and versionPaths", async () => {
    const answer = await readVersion(fetchImpl, {
      name: "The app's version endpoint",
      url: `${upstream.url}/version.json`,
    });
    expect(answer.ok || answer.error.message).toContain("check the target and versionPaths in runbook.config.json");
  });

  it("a 503 from the app blames the app, not Cloudflare or a minute's wait", async () => {
    upstream.on("/version.json", json(503, { error: "down" }));
    const { app } = versionEndpoints({
      targets: { app: upstream.url },
      versionPaths: { app: "/version.json", convex: "/version" },
    });
    if (!app) throw new Error("no app endpoint");
    const answer = await readVersion(fetchImpl, app);
    expect(answer.ok || answer.error.message).toContain(
      "HTTP 503: the app itself is failing (down or erroring), not Cloudflare's API",
    );
    expect(answer.ok || answer.error.message).not.toContain("try again in a minute");
  });
});

describe("retry time", () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  it("from retry-after seconds or date, else x-ratelimit-reset", () => {
    expect(retryAfter({ "retry-after": "17" }, now)).toBe(17);
    expect(retryAfter({ "retry-after": "Thu, 26 Nov 2026 12:01:00 GMT" }, now)).toBe(60);
    expect(retryAfter({ "x-ratelimit-reset": String(now / 1000 + 90) }, now)).toBe(90);
    expect(retryAfter({}, now)).toBeUndefined();
  });
});

describe("Cloudflare deployments: one odd deployment is left out and named, the rest answers", () => {
  it("a deployment without an id and one with a null stage: the first left out, the second kept as not finished", async () => {
    const answer = deploymentsAnswer() as { result: Record<string, unknown>[] };
    const [first, second, ...rest] = answer.result;
    const broken = { ...second, id: undefined };
    const noStage = { ...rest[0], latest_stage: null, short_id: null, url: null };
    upstream.on(
      `${PROJECT_PATH}/deployments`,
      json(200, { ...answer, result: [first, broken, noStage, ...rest.slice(1)] }),
    );
    const client = cloudflareClient({
      fetch: fetchImpl,
      settings: cloudflareSettings.parse({
        accountId: ACCOUNT,
        pagesProject: PROJECT,
        apiBase: `${upstream.url}/client/v4`,
      }),
      bindings: { CLOUDFLARE_API_TOKEN: TOKEN },
      environmentId: "production",
    });
    const found = await client.searchProductionDeployments({ done: () => true });
    if (!found.ok) throw new Error(found.error.message);
    expect(found.data.deployments).toHaveLength(answer.result.length - 1);
    expect(found.data.deployments[1]?.stage).toEqual({ name: "unknown", status: "unknown" });
    expect(found.data.skipped).toEqual([
      expect.stringMatching(/^The Cloudflare API sent deployment 2 in an unexpected shape \(id: .+\): left out\.$/),
    ]);
    expect(found.data.read).toBe(answer.result.length);
  });
});
