import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cloudflareSettings, convexSettings, githubSettings } from "../../src/core/config/environment.ts";
import type { Section } from "../../src/core/deploy/schemas.ts";
import { cloudflareClient } from "../../src/server/clients/cloudflare.ts";
import { convexClient } from "../../src/server/clients/convex.ts";
import { githubClient } from "../../src/server/clients/github.ts";
import { json, useUpstream } from "./deploy-upstream.ts";

// One row per documented failure of each provider, answered by a real local server in the
// provider's own error shape. The same rows are the table in content/docs/reference/upstream-failures.mdx:
// each row's `when` must appear there word for word.

const upstream = useUpstream();
const NOW = 1_800_000_000_000;
const TOKEN = "secret-token-value-123";
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const DOCS = readFileSync(new URL("../../content/docs/reference/upstream-failures.mdx", import.meta.url), "utf8");

type Provider = "GitHub" | "Cloudflare" | "Convex";

interface Row {
  provider: Provider;
  /** The failure as the docs table names it. */
  when: string;
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  code: string;
  retryAfterSeconds?: number;
  /** A phrase of the fix the reader is told. */
  fix: string;
  /** A phrase the message must not hold (the wrong way to send the engineer). */
  never?: string;
}

const gh = (message: string) => ({ message, documentation_url: "https://docs.github.com/rest" });
const cf = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});
const reset = String(NOW / 1000 + 120);

const ROWS: Row[] = [
  {
    provider: "GitHub",
    when: "401 Bad credentials",
    status: 401,
    body: gh("Bad credentials"),
    code: "token_rejected",
    fix: "put a valid one in GITHUB_TOKEN",
  },
  {
    provider: "GitHub",
    when: "403 with x-ratelimit-remaining: 0 (primary rate limit)",
    status: 403,
    headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    body: gh("API rate limit exceeded for user ID 1."),
    code: "rate_limited",
    retryAfterSeconds: 120,
    fix: "primary rate limit",
    never: "Actions: Read",
  },
  {
    provider: "GitHub",
    when: "429 with x-ratelimit-remaining: 0 (primary rate limit)",
    status: 429,
    headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    body: gh("API rate limit exceeded for user ID 1."),
    code: "rate_limited",
    retryAfterSeconds: 120,
    fix: "primary rate limit",
  },
  {
    provider: "GitHub",
    when: "403 with retry-after while x-ratelimit-remaining is not 0 (secondary rate limit)",
    status: 403,
    headers: { "retry-after": "60", "x-ratelimit-remaining": "4990" },
    body: gh("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "the token and its permissions are fine",
    never: "Actions: Read",
  },
  {
    provider: "GitHub",
    when: "429 with retry-after (secondary rate limit)",
    status: 429,
    headers: { "retry-after": "30", "x-ratelimit-remaining": "4990" },
    body: gh("You have exceeded a secondary rate limit."),
    code: "rate_limited",
    retryAfterSeconds: 30,
    fix: "secondary rate limit",
  },
  {
    provider: "GitHub",
    when: "403 saying secondary rate limit, no retry-after",
    status: 403,
    headers: { "x-ratelimit-remaining": "4990" },
    body: gh("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "secondary rate limit",
    never: "Actions: Read",
  },
  {
    provider: "GitHub",
    when: "403 Resource not accessible by personal access token (missing permission)",
    status: 403,
    headers: { "x-ratelimit-remaining": "4999" },
    body: gh("Resource not accessible by personal access token"),
    code: "forbidden",
    fix: "needs Actions: Read",
  },
  {
    provider: "GitHub",
    when: "404 Not Found (repository or workflow not found, or not visible to the token)",
    status: 404,
    body: gh("Not Found"),
    code: "not_found",
    fix: "check environments.production.github.repo and workflow",
  },
  {
    provider: "GitHub",
    when: "500 or 502 (GitHub's own trouble)",
    status: 502,
    body: gh("Server Error"),
    code: "upstream_error",
    fix: "try again in a minute",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 10000 Authentication error, HTTP 403",
    status: 403,
    body: cf(10000, "Authentication error"),
    code: "forbidden",
    fix: "Account → Cloudflare Pages → Read",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 10000 Authentication error, HTTP 401",
    status: 401,
    body: cf(10000, "Authentication error"),
    code: "token_rejected",
    fix: "put a valid API token",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 9109 Invalid access token",
    status: 403,
    body: cf(9109, "Invalid access token"),
    code: "token_rejected",
    fix: "put a valid API token",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 9109 Unauthorized to access requested resource",
    status: 403,
    body: cf(9109, "Unauthorized to access requested resource"),
    code: "forbidden",
    fix: "Account → Cloudflare Pages → Read",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 8000007 Project not found",
    status: 404,
    body: cf(8000007, "Project not found. The specified project name does not match any of your existing projects."),
    code: "not_found",
    fix: "cloudflare.accountId and pagesProject",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 7003 Could not route (malformed account ID)",
    status: 400,
    body: cf(
      7003,
      "Could not route to /accounts/x/pages/projects/dashtray, perhaps your object identifier is invalid?",
    ),
    code: "not_found",
    fix: "cloudflare.accountId",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 429 with retry-after",
    status: 429,
    headers: { "retry-after": "30" },
    body: cf(971, "Please wait and consider throttling your request speed"),
    code: "rate_limited",
    retryAfterSeconds: 30,
    fix: "retry in 30 s",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 429 without retry-after",
    status: 429,
    body: cf(10429, "Rate limited"),
    code: "rate_limited",
    retryAfterSeconds: 300,
    fix: "retry in 300 s",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 5xx, whatever the code (Cloudflare's own trouble)",
    status: 500,
    body: cf(10000, "Internal Server Error"),
    code: "upstream_error",
    fix: "try again in a minute",
    never: "Pages → Read",
  },
  {
    provider: "Convex",
    when: "401 (deploy key malformed or revoked)",
    status: 401,
    body: { code: "Unauthenticated", message: "Could not verify the deploy key" },
    code: "token_rejected",
    fix: "generate a new deploy key",
  },
  {
    provider: "Convex",
    when: "403 (key of another deployment, or not an admin key)",
    status: 403,
    body: { code: "Forbidden", message: "The key does not grant access to this deployment" },
    code: "forbidden",
    fix: "use a production deploy key of that deployment",
  },
  {
    provider: "Convex",
    when: "404 (no such deployment)",
    status: 404,
    body: { code: "DeploymentNotFound", message: "Deployment not found" },
    code: "not_found",
    fix: "convex.deployment",
  },
];

/** Asks the provider's client the question the runbook asks it, against the local server. */
function ask(provider: Provider): Promise<Section<unknown>> {
  if (provider === "GitHub") {
    upstream.on("/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs", answerOf());
    const settings = githubSettings.parse({ repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` });
    return githubClient({
      fetch: fetchImpl,
      settings,
      bindings: { GITHUB_TOKEN: TOKEN },
      environmentId: "production",
      now: () => NOW,
    }).latestDeployRun();
  }
  if (provider === "Cloudflare") {
    upstream.on("/cf/accounts/acc/pages/projects/dashtray", answerOf());
    const settings = cloudflareSettings.parse({
      accountId: "acc",
      pagesProject: "dashtray",
      apiBase: `${upstream.url}/cf`,
    });
    return cloudflareClient({
      fetch: fetchImpl,
      settings,
      bindings: { CLOUDFLARE_API_TOKEN: TOKEN },
      environmentId: "production",
      now: () => NOW,
    }).project();
  }
  upstream.on("/cvx/api/v1/list_environment_variables", answerOf());
  const settings = convexSettings.parse({ deployment: "prod-dashtray-789", apiBase: `${upstream.url}/cvx` });
  return convexClient({
    fetch: fetchImpl,
    settings,
    bindings: { CONVEX_DEPLOY_KEY: TOKEN },
    environmentId: "production",
  }).variableNames();
}

let current: Row | undefined;
function answerOf() {
  const row = current;
  if (!row) throw new Error("no row");
  return json(row.status, row.body, row.headers);
}

describe("every documented provider failure becomes our code, retry time and fix", () => {
  it.each(ROWS.map((r) => [`${r.provider}: ${r.when}`, r] as const))("%s", async (_name, row) => {
    current = row;
    const answer = await ask(row.provider);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe(row.code);
    expect(answer.error.retryAfterSeconds).toBe(row.retryAfterSeconds);
    expect(answer.error.message).toContain(row.fix);
    if (row.never) expect(answer.error.message).not.toContain(row.never);
    expect(answer.error.message).not.toContain(TOKEN);
    expect(DOCS, "the docs table lists this row").toContain(`| ${row.provider} | ${row.when} | \`${row.code}\``);
  });
});
