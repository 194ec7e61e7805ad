import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cloudflareSettings, convexSettings, githubSettings } from "../../src/core/config/environment.ts";
import type { SectionError } from "../../src/core/deploy/schemas.ts";
import { cloudflareClient } from "../../src/server/clients/cloudflare.ts";
import { pagesWriteClient } from "../../src/server/clients/cloudflare-write.ts";
import { convexClient } from "../../src/server/clients/convex.ts";
import { githubClient } from "../../src/server/clients/github.ts";
import { dispatchWorkflow } from "../../src/server/clients/github-write.ts";
import { type Answer, json, useUpstream } from "./deploy-upstream.ts";

// One row per documented failure of each provider, answered by a real local server in the
// provider's own error shape, asked by the provider's read client and, where the row says, by its
// write client too (one reading for both). The same rows are the table in
// content/docs/reference/upstream-failures.mdx: each row's `when`, code and write outcome must appear
// there word for word.

const upstream = useUpstream();
const NOW = 1_800_000_000_000;
const TOKEN = "secret-token-value-123";
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const DOCS = readFileSync(new URL("../../content/docs/reference/upstream-failures.mdx", import.meta.url), "utf8");

type Provider = "GitHub" | "Cloudflare" | "Convex";
type Client = "read" | "write";

interface Row {
  provider: Provider;
  /** The failure as the docs table names it. */
  when: string;
  status: number;
  headers?: Record<string, string>;
  /** A JSON body, or `{ raw }` for one that is not JSON (an HTML error page). */
  body: unknown;
  code: string;
  /** Which clients are asked (default: the read client). */
  clients?: Client[];
  /** What the write client says of a write answered so: `no` (nothing changed) or `unknown` (read back). */
  applied?: "no" | "unknown";
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

const html = { raw: "<html><body><h1>502 Bad Gateway</h1>token=secret-token-value-123</body></html>" };
const both: Client[] = ["read", "write"];

const ROWS: Row[] = [
  {
    provider: "GitHub",
    when: "401 Bad credentials",
    status: 401,
    body: gh("Bad credentials"),
    code: "token_rejected",
    fix: "put a valid one in",
    clients: both,
    applied: "no",
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
    clients: both,
    applied: "no",
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
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "403 with retry-after while x-ratelimit-remaining is not 0 (secondary rate limit)",
    status: 403,
    headers: { "retry-after": "60", "x-ratelimit-remaining": "4990", "x-ratelimit-reset": reset },
    body: gh("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "the token and its permissions are fine",
    never: "Actions: Read",
    clients: both,
    applied: "no",
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
    never: "permission on",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "403 saying secondary rate limit, no retry-after",
    status: 403,
    headers: { "x-ratelimit-remaining": "4990", "x-ratelimit-reset": reset },
    body: gh("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "secondary rate limit",
    never: "Actions: Read",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "403 saying abuse detection mechanism (older words for a secondary rate limit)",
    status: 403,
    headers: { "x-ratelimit-remaining": "4990" },
    body: gh("You have triggered an abuse detection mechanism. Please wait a few minutes before you try again."),
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "secondary rate limit",
    never: "Actions: Read",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "429 with no header and no message (secondary rate limit)",
    status: 429,
    body: { raw: "" },
    code: "rate_limited",
    retryAfterSeconds: 60,
    fix: "secondary rate limit",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "403 Resource not accessible by personal access token (missing permission)",
    status: 403,
    headers: { "x-ratelimit-remaining": "4999" },
    body: gh("Resource not accessible by personal access token"),
    code: "forbidden",
    fix: "Actions: Read",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "404 Not Found (repository or workflow not found, or not visible to the token)",
    status: 404,
    body: gh("Not Found"),
    code: "not_found",
    fix: "dashtray/dashtray",
    clients: both,
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "422 Validation Failed (validation-error, its errors[] quoted)",
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource: "Workflow", field: "inputs", code: "invalid" }, "Unexpected inputs provided"],
      documentation_url: "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
    },
    code: "invalid_request",
    fix: "invalid on inputs of Workflow; Unexpected inputs provided",
    clients: ["write"],
    applied: "no",
  },
  {
    provider: "GitHub",
    when: "500 or 502 (GitHub's own trouble)",
    status: 502,
    body: gh("Server Error"),
    code: "upstream_error",
    fix: "try again in a minute",
    clients: both,
    applied: "unknown",
  },
  {
    provider: "GitHub",
    when: "502 with an HTML page (never quoted)",
    status: 502,
    body: html,
    code: "upstream_error",
    fix: "HTTP 502",
    never: "Bad Gateway",
    clients: both,
    applied: "unknown",
  },
  {
    provider: "GitHub",
    when: "403 with an HTML page and no rate-limit header (a proxy, not GitHub's refusal)",
    status: 403,
    body: html,
    code: "forbidden",
    fix: "HTTP 403",
    never: "Bad Gateway",
    clients: ["write"],
    applied: "unknown",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 10000 Authentication error, HTTP 403",
    status: 403,
    body: cf(10000, "Authentication error"),
    code: "forbidden",
    fix: "Account → Cloudflare Pages →",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 10000 Authentication error, HTTP 401",
    status: 401,
    body: cf(10000, "Authentication error"),
    code: "token_rejected",
    fix: "put a valid API token",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 10001, HTTP 403",
    status: 403,
    body: cf(10001, "Unable to authenticate request"),
    code: "forbidden",
    fix: "Account → Cloudflare Pages →",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 9109 Invalid access token",
    status: 403,
    body: cf(9109, "Invalid access token"),
    code: "token_rejected",
    fix: "put a valid API token",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 9109 Unauthorized to access requested resource",
    status: 403,
    body: cf(9109, "Unauthorized to access requested resource"),
    code: "forbidden",
    fix: "Account → Cloudflare Pages →",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 6003 or 6111 (malformed Authorization header)",
    status: 400,
    body: cf(6111, "Invalid format for Authorization header"),
    code: "token_rejected",
    fix: "not a Global API Key",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 8000007 Project not found",
    status: 404,
    body: cf(8000007, "Project not found. The specified project name does not match any of your existing projects."),
    code: "not_found",
    fix: "cloudflare.accountId and pagesProject",
    never: "no such deployment",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 7003 No route for the URI (malformed account ID, wrong apiBase)",
    status: 400,
    body: cf(7003, "No route for the URI"),
    code: "no_route",
    fix: "cloudflare.accountId",
    never: "no such deployment",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "errors[].code 7000 No route for that URI",
    status: 400,
    body: cf(7000, "No route for that URI"),
    code: "no_route",
    fix: "cloudflare.accountId",
    never: "no such deployment",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 404 without the error envelope (not an API route)",
    status: 404,
    body: html,
    code: "no_route",
    fix: "cloudflare.apiBase",
    never: "no such deployment",
    clients: both,
    applied: "unknown",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 400 or 422 with another errors[].code (quoted)",
    status: 400,
    body: cf(8000015, "Invalid deployment identifier"),
    code: "invalid_request",
    fix: "8000015 Invalid deployment identifier",
    clients: both,
    applied: "no",
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
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 429 with Ratelimit r=0 and Ratelimit-Policy, no retry-after",
    status: 429,
    headers: { ratelimit: '"default";r=0;t=42', "ratelimit-policy": '"default";q=1200;w=300, "burst";q=100;w=60' },
    body: cf(971, "Please wait and consider throttling your request speed"),
    code: "rate_limited",
    retryAfterSeconds: 42,
    fix: '"default" (1200 requests per 300 s)',
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 429 without retry-after",
    status: 429,
    body: cf(10429, "Rate limited"),
    code: "rate_limited",
    retryAfterSeconds: 300,
    fix: "retry in 300 s",
    clients: both,
    applied: "no",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 5xx, whatever the code (Cloudflare's own trouble)",
    status: 500,
    body: cf(10000, "Internal Server Error"),
    code: "upstream_error",
    fix: "try again in a minute",
    never: "Pages → Read",
    clients: both,
    applied: "unknown",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 502 with an HTML page (never quoted)",
    status: 502,
    body: html,
    code: "upstream_error",
    fix: "HTTP 502",
    never: "Bad Gateway",
    clients: both,
    applied: "unknown",
  },
  {
    provider: "Cloudflare",
    when: "HTTP 200 with success: false",
    status: 200,
    body: cf(8000000, "An unknown error occurred. Contact your account team or Cloudflare support"),
    code: "upstream_error",
    fix: "reported failure: 8000000 An unknown error occurred",
    clients: both,
    applied: "unknown",
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
  {
    provider: "Convex",
    when: "429 with retry-after",
    status: 429,
    headers: { "retry-after": "12" },
    body: { code: "RateLimited", message: "Too many requests" },
    code: "rate_limited",
    retryAfterSeconds: 12,
    fix: "retry in 12 s",
  },
];

const WRITE_TOKEN = "write-token-value-456";

/** Asks the provider's read or write client the question the runbook asks it, against the local server. */
function ask(provider: Provider, client: Client): Promise<{ ok: boolean; error?: SectionError; applied?: string }> {
  if (provider === "GitHub") {
    const settings = githubSettings.parse({ repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` });
    if (client === "write") {
      upstream.on("/gh/repos/dashtray/dashtray/actions/workflows/deploy-convex.yml/dispatches", answerOf());
      return dispatchWorkflow({
        fetch: fetchImpl,
        settings,
        workflow: "deploy-convex.yml",
        input: "ref",
        tokenVariable: "GITHUB_ACTIONS_WRITE_TOKEN",
        bindings: { GITHUB_ACTIONS_WRITE_TOKEN: WRITE_TOKEN },
        sha: "a".repeat(40),
        now: () => NOW,
      });
    }
    upstream.on("/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs", answerOf());
    return githubClient({
      fetch: fetchImpl,
      settings,
      bindings: { GITHUB_TOKEN: TOKEN },
      environmentId: "production",
      now: () => NOW,
    }).latestDeployRun();
  }
  if (provider === "Cloudflare") {
    const settings = cloudflareSettings.parse({
      accountId: "acc",
      pagesProject: "dashtray",
      apiBase: `${upstream.url}/cf`,
    });
    if (client === "write") {
      upstream.on("/cf/accounts/acc/pages/projects/dashtray/deployments/dep-1/rollback", answerOf());
      return pagesWriteClient({
        fetch: fetchImpl,
        settings,
        writeTokenVariable: "CLOUDFLARE_PAGES_WRITE_TOKEN",
        bindings: { CLOUDFLARE_PAGES_WRITE_TOKEN: WRITE_TOKEN },
        environmentId: "production",
        now: () => NOW,
      }).rollback("dep-1");
    }
    upstream.on("/cf/accounts/acc/pages/projects/dashtray", answerOf());
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
function answerOf(): Answer {
  const row = current;
  if (!row) throw new Error("no row");
  const body = row.body;
  if (typeof body === "object" && body !== null && "raw" in body)
    return (res) => {
      res.writeHead(row.status, { "content-type": "text/html", ...row.headers });
      res.end((body as { raw: string }).raw);
    };
  return json(row.status, body, row.headers);
}

/** The docs table's words for what a write answered so means. */
const APPLIED_WORDS = { no: "not applied", unknown: "unknown: read back" } as const;

/** The docs table line of a row, found by its first three cells. */
function docsLine(row: Row): string | undefined {
  const start = `| ${row.provider} | ${row.when} | \`${row.code}\` |`;
  return DOCS.split("\n").find((line) => line.startsWith(start));
}

const CASES = ROWS.flatMap((row) =>
  (row.clients ?? ["read"]).map((client) => [`${row.provider} ${client}: ${row.when}`, row, client] as const),
);

describe("every documented provider failure becomes our code, retry time and fix, alike for reads and writes", () => {
  it.each(CASES)("%s", async (_name, row, client) => {
    current = row;
    const answer = await ask(row.provider, client);
    expect(answer.ok).toBe(false);
    const error = answer.error;
    if (!error) throw new Error("no error");
    expect(error.code).toBe(row.code);
    expect(error.retryAfterSeconds).toBe(row.retryAfterSeconds);
    expect(error.message).toContain(row.fix);
    if (row.never) expect(error.message).not.toContain(row.never);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(WRITE_TOKEN);
    expect(error.message).not.toMatch(/<html|<body/i);
    if (client === "write") {
      expect(answer.applied).toBe(row.applied);
      // The write client names its own token binding, never the read one.
      expect(error.message).not.toMatch(/GITHUB_TOKEN\b|CLOUDFLARE_API_TOKEN/);
    }
    const line = docsLine(row);
    expect(line, "the docs table lists this row").toBeDefined();
    if (row.applied) expect(line).toContain(`| ${APPLIED_WORDS[row.applied]} |`);
  });

  it("every row of the docs table is a row here", () => {
    const table = DOCS.slice(DOCS.indexOf("## Provider failures"));
    const lines = table.split("\n").filter((l) => /^\| (GitHub|Cloudflare|Convex) \|/.test(l));
    expect(lines.length).toBe(ROWS.length);
  });
});
