import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/core/checks/probe.ts";
import type { Environment } from "../../src/core/config/environment.ts";
import { loadConfig, type ResolvedEnvironment } from "../../src/core/config/index.ts";
import { DEFAULT_WEBHOOK_SECRET, signWebhook, verifyWebhook } from "../../src/demo/webhooks.ts";
import { cloudflareClient } from "../../src/server/clients/cloudflare.ts";
import { convexClient } from "../../src/server/clients/convex.ts";
import { githubClient } from "../../src/server/clients/github.ts";
import { buildReport } from "../../src/server/reports/build.ts";
import { dnsReport, openHttps } from "../../src/server/reports/dns.ts";
import { webhookProbeReport } from "../../src/server/reports/webhook-probe.ts";
import { json, useUpstream } from "./deploy-upstream.ts";
import {
  closedPort,
  selfSignedCertificate,
  startHttpServer,
  startHttpsServer,
  type TestServer,
} from "./support/servers.ts";

// Every provider against real local servers: the documented answers, and each way one can fail.

type Read = { timeoutMs?: number };
const pagesVariableNames = (
  f: FetchLike,
  settings: NonNullable<Environment["cloudflare"]>,
  bindings: object,
  environmentId: string,
  o: Read = {},
) => cloudflareClient({ fetch: f, settings, bindings, environmentId, ...o }).productionVariableNames();
const convexVariableNames = (
  f: FetchLike,
  settings: NonNullable<Environment["convex"]>,
  bindings: object,
  environmentId: string,
  o: Read = {},
) => convexClient({ fetch: f, settings, bindings, environmentId, ...o }).variableNames();
const githubVariableNames = (
  f: FetchLike,
  settings: NonNullable<Environment["github"]>,
  bindings: object,
  environmentId: string,
  o: Read = {},
) => githubClient({ fetch: f, settings, bindings, environmentId, ...o }).variableNames();

const upstream = useUpstream();
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const VALUE = "sk_live_VALUE-THAT-MUST-NOT-LEAK";
const TOKEN = "token-that-must-not-leak-123";

/** A production environment on the local upstream; `demo` makes it the demo one (plain http may then be probed). */
function environment(extra: Record<string, unknown> = {}, demo = false): ResolvedEnvironment {
  const id = demo ? "demo" : "production";
  const env = loadConfig(
    {
      environments: {
        [id]: {
          label: "Test",
          demo,
          targets: { app: `${upstream.url}/app`, convex: `${upstream.url}/convex` },
          cloudflare: { accountId: "acc", pagesProject: "dashtray", apiBase: `${upstream.url}/cf` },
          github: { repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` },
          convex: { deployment: "production-dashtray-789", apiBase: `${upstream.url}/cvx` },
          ...extra,
        },
      },
    },
    { demoOrigin: demo ? upstream.url : undefined },
  ).environments[0];
  if (!env) throw new Error("no environment");
  return env;
}

const PROJECT = "/cf/accounts/acc/pages/projects/dashtray";
const cfError = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

describe("variable names: Pages, Convex and GitHub, names only", () => {
  it("Pages: the production env_vars keys; the values are gone from what the provider returns", async () => {
    upstream.on(
      PROJECT,
      json(200, {
        success: true,
        errors: [],
        messages: [],
        result: {
          name: "dashtray",
          deployment_configs: {
            production: {
              env_vars: {
                SENTRY_DSN: { type: "secret_text", value: VALUE },
                CONVEX_URL: { type: "plain_text", value: VALUE },
                OLD: null,
              },
            },
            preview: { env_vars: { PREVIEW_ONLY: { type: "plain_text", value: VALUE } } },
          },
        },
      }),
    );
    const env = environment();
    const answer = await pagesVariableNames(fetchImpl, env.cloudflare!, { CLOUDFLARE_API_TOKEN: TOKEN }, env.id);
    if (!answer.ok) throw new Error(answer.error.message);
    expect([...answer.data.keys()]).toEqual(["SENTRY_DSN", "CONVEX_URL"]);
    expect(JSON.stringify([...answer.data])).not.toContain(VALUE);
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("Pages: no token asks nothing and names the variable; 403 and 429 say what to do", async () => {
    const env = environment();
    expect(await pagesVariableNames(fetchImpl, env.cloudflare!, {}, env.id)).toEqual({
      ok: false,
      error: {
        code: "missing_token",
        message:
          "No Cloudflare API token: set CLOUDFLARE_API_TOKEN (a token with Cloudflare Pages: Read) to read the project's variable names here.",
      },
    });
    expect(upstream.requests).toHaveLength(0);
    upstream.on(PROJECT, json(403, cfError(10000, `Authentication error ${TOKEN}`)));
    const forbidden = await pagesVariableNames(fetchImpl, env.cloudflare!, { CLOUDFLARE_API_TOKEN: TOKEN }, env.id);
    expect(forbidden.ok || forbidden.error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("Cloudflare Pages → Read"),
    });
    expect(JSON.stringify(forbidden)).not.toContain(TOKEN);
    upstream.on(PROJECT, json(429, cfError(971, "Please wait"), { "retry-after": "30" }));
    const limited = await pagesVariableNames(fetchImpl, env.cloudflare!, { CLOUDFLARE_API_TOKEN: TOKEN }, env.id);
    expect(limited.ok || limited.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 30 });
  });

  it("Pages: a 500, HTML instead of JSON, no answer in time, nobody listening", async () => {
    const env = environment();
    const bindings = { CLOUDFLARE_API_TOKEN: TOKEN };
    upstream.on(PROJECT, json(500, cfError(10000, "Internal Server Error")));
    const failed = await pagesVariableNames(fetchImpl, env.cloudflare!, bindings, env.id);
    expect(failed.ok || failed.error).toMatchObject({
      code: "upstream_error",
      message: expect.stringContaining("HTTP 500"),
    });
    upstream.on(PROJECT, (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Sign in</html>");
    });
    const html = await pagesVariableNames(fetchImpl, env.cloudflare!, bindings, env.id);
    expect(html.ok || html.error).toMatchObject({
      code: "unexpected_response",
      message: expect.stringContaining("not JSON"),
    });
    upstream.on(PROJECT, () => {});
    const slow = await pagesVariableNames(fetchImpl, env.cloudflare!, bindings, env.id, { timeoutMs: 300 });
    expect(slow.ok || slow.error).toMatchObject({
      code: "timeout",
      message: expect.stringContaining("did not answer within 0.3 s"),
    });
    const port = await closedPort();
    const gone = await pagesVariableNames(
      fetchImpl,
      { ...env.cloudflare!, apiBase: `http://127.0.0.1:${port}` },
      bindings,
      env.id,
    );
    expect(gone.ok || gone.error).toMatchObject({ code: "unreachable" });
  });

  it("Convex: the Deployment API with `Authorization: Convex <key>`; names only; a rejected key is named, never repeated", async () => {
    upstream.on(
      "/cvx/api/v1/list_environment_variables",
      json(200, { environmentVariables: { RESEND_API_KEY: VALUE, SITE_URL: VALUE } }),
    );
    const env = environment();
    const answer = await convexVariableNames(fetchImpl, env.convex!, { CONVEX_DEPLOY_KEY: TOKEN }, env.id);
    if (!answer.ok) throw new Error(answer.error.message);
    expect([...answer.data.keys()]).toEqual(["RESEND_API_KEY", "SITE_URL"]);
    expect(JSON.stringify([...answer.data])).not.toContain(VALUE);
    expect(upstream.requests[0]?.headers.authorization).toBe(`Convex ${TOKEN}`);
    upstream.on(
      "/cvx/api/v1/list_environment_variables",
      json(401, { code: "BadDeployKey", message: `Invalid key ${TOKEN}` }),
    );
    const rejected = await convexVariableNames(fetchImpl, env.convex!, { CONVEX_DEPLOY_KEY: TOKEN }, env.id);
    expect(rejected.ok || rejected.error).toMatchObject({
      code: "token_rejected",
      message: expect.stringContaining("put it in CONVEX_DEPLOY_KEY"),
    });
    expect(JSON.stringify(rejected)).not.toContain(TOKEN);
  });

  it("Convex without a key: says why the runbook holds none, asks nothing", async () => {
    const env = environment();
    const answer = await convexVariableNames(fetchImpl, env.convex!, {}, env.id);
    expect(answer.ok || answer.error).toMatchObject({
      code: "missing_token",
      message: expect.stringContaining("no Convex deploy key in CONVEX_DEPLOY_KEY"),
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it("GitHub: secrets over several pages (following Link), and variables with their values dropped", async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ name: `SECRET_${i}`, created_at: "", updated_at: "" }));
    upstream.on("/gh/repos/dashtray/dashtray/actions/secrets", (res, url) => {
      const page = Number(url.searchParams.get("page") ?? "1");
      const next = `${upstream.url}/gh/repos/dashtray/dashtray/actions/secrets?per_page=100&page=2`;
      const link: Record<string, string> = page === 1 ? { link: `<${next}>; rel="next", <${next}>; rel="last"` } : {};
      json(200, { total_count: many.length, secrets: many.slice((page - 1) * 100, page * 100) }, link)(res, url);
    });
    upstream.on(
      "/gh/repos/dashtray/dashtray/actions/variables",
      json(200, {
        total_count: 2,
        variables: [
          { name: "VITE_CONVEX_URL", value: VALUE },
          { name: "SECRET_3", value: VALUE },
        ],
      }),
    );
    const env = environment();
    const answer = await githubVariableNames(fetchImpl, env.github!, { GITHUB_TOKEN: TOKEN }, env.id);
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.size).toBe(131);
    expect(answer.data.get("SECRET_129")).toBe("secret");
    expect(answer.data.get("SECRET_3")).toBe("secret");
    expect(answer.data.get("VITE_CONVEX_URL")).toBe("variable");
    expect(JSON.stringify([...answer.data])).not.toContain(VALUE);
    expect(upstream.requests.map((r) => r.query)).toEqual(["?per_page=100", "?per_page=100&page=2", "?per_page=30"]);
  });

  it("GitHub: a token without Secrets: Read, and an exhausted rate limit with its reset time", async () => {
    const env = environment();
    upstream.on(
      "/gh/repos/dashtray/dashtray/actions/secrets",
      json(403, { message: "Resource not accessible by personal access token" }),
    );
    const forbidden = await githubVariableNames(fetchImpl, env.github!, { GITHUB_TOKEN: TOKEN }, env.id);
    expect(forbidden.ok || forbidden.error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("Secrets: Read and Variables: Read"),
    });
    const reset = String(Math.ceil(Date.now() / 1000) + 120);
    upstream.on(
      "/gh/repos/dashtray/dashtray/actions/secrets",
      json(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }),
    );
    const limited = await githubVariableNames(fetchImpl, env.github!, { GITHUB_TOKEN: TOKEN }, env.id);
    expect(limited.ok || limited.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: expect.any(Number) });
  });
});

describe("DNS report: DoH records, HTTPS, the Pages custom domain", () => {
  const tls = selfSignedCertificate();
  const servers: { https?: TestServer; app?: TestServer } = {};
  beforeAll(async () => {
    if ("cert" in tls) servers.https = await startHttpsServer(tls, (_req, res) => res.end("ok"));
  });
  afterAll(async () => {
    await servers.https?.close();
  });

  // The demo environment: the only one allowed to probe plain http, which the local upstream speaks.
  const dnsEnv = (url?: string) =>
    environment(
      {
        dns: {
          domain: "dashtray.example.com",
          expect: [{ type: "CNAME", value: "dashtray.pages.dev" }],
          resolver: `${upstream.url}/doh`,
          ...(url && { url }),
        },
      },
      true,
    );
  const domains = (status: string, extra: Record<string, unknown> = {}) =>
    json(200, {
      success: true,
      errors: [],
      messages: [],
      result: [{ name: "dashtray.example.com", status, ...extra }],
    });

  it("asks the resolver for the JSON API with name and type; a resolver failure stays in its section", async () => {
    upstream.on("/doh", json(500, { error: "boom" }));
    upstream.on(`${PROJECT}/domains`, domains("active"));
    upstream.on("/app", json(200, {}));
    const report = await dnsReport(fetchImpl, dnsEnv(`${upstream.url}/app`), { CLOUDFLARE_API_TOKEN: TOKEN });
    const asked = upstream.requests.find((r) => r.path === "/doh");
    expect(asked?.query).toBe("?name=dashtray.example.com&type=CNAME");
    expect(asked?.headers.accept).toBe("application/dns-json");
    expect(report.records.ok || report.records.error).toMatchObject({ code: "upstream_error" });
    expect(report.customDomain.ok).toBe(true);
    expect(report.status).toBe("incomplete");
  });

  it("a domain the Pages project does not list, a pending one, and HTTP 503 behind working TLS", async () => {
    upstream.on(
      "/doh",
      json(200, {
        Status: 0,
        Answer: [{ name: "dashtray.example.com.", type: 5, TTL: 300, data: "dashtray.pages.dev." }],
      }),
    );
    upstream.on(`${PROJECT}/domains`, json(200, { success: true, errors: [], messages: [], result: [] }));
    upstream.on("/app", json(503, {}));
    const report = await dnsReport(fetchImpl, dnsEnv(`${upstream.url}/app`), { CLOUDFLARE_API_TOKEN: TOKEN });
    expect(report.customDomain.ok && report.customDomain.data).toMatchObject({
      status: "missing",
      detail: expect.stringContaining("does not list"),
    });
    expect(report.https).toMatchObject({ outcome: "http-error", status: 503 });
    expect(report.status).toBe("problem");
    upstream.on(
      `${PROJECT}/domains`,
      domains("pending", { validation_data: { status: "pending", method: "txt", txt_name: "_cf.d", txt_value: "v" } }),
    );
    const pending = await dnsReport(fetchImpl, dnsEnv(`${upstream.url}/app`), { CLOUDFLARE_API_TOKEN: TOKEN });
    expect(pending.customDomain.ok && pending.customDomain.data.detail).toContain("Add TXT _cf.d = v");
  });

  it("one odd domain never blanks the section: nulls are read as absent, another domain's bad shape is left out", async () => {
    upstream.on(
      "/doh",
      json(200, {
        Status: 0,
        Answer: [{ name: "dashtray.example.com.", type: 5, TTL: null, data: "dashtray.pages.dev." }],
      }),
    );
    upstream.on("/app", json(200, {}));
    upstream.on(
      `${PROJECT}/domains`,
      json(200, {
        success: true,
        errors: [],
        messages: [],
        result: [
          { name: "www.dashtray.example.com", status: null, validation_data: null },
          {
            name: "dashtray.example.com",
            status: "pending",
            validation_data: { status: "pending", method: "txt", txt_name: null, txt_value: null, error_message: null },
            verification_data: null,
          },
        ],
      }),
    );
    const report = await dnsReport(fetchImpl, dnsEnv(`${upstream.url}/app`), { CLOUDFLARE_API_TOKEN: TOKEN });
    expect(report.records.ok).toBe(true);
    expect(report.customDomain.ok && report.customDomain.data).toMatchObject({
      name: "dashtray.example.com",
      status: "pending",
    });
  });

  it("this domain in an unexpected shape: the provider's answer is named with the field, not the config", async () => {
    upstream.on("/doh", json(200, { Status: 0, Answer: [] }));
    upstream.on("/app", json(200, {}));
    upstream.on(
      `${PROJECT}/domains`,
      json(200, { success: true, errors: [], messages: [], result: [{ name: "dashtray.example.com", status: 3 }] }),
    );
    const report = await dnsReport(fetchImpl, dnsEnv(`${upstream.url}/app`), { CLOUDFLARE_API_TOKEN: TOKEN });
    expect(report.customDomain.ok || report.customDomain.error).toMatchObject({
      code: "unexpected_response",
      message: expect.stringContaining("custom domain 1 (dashtray.example.com) in an unexpected shape (status:"),
    });
    expect(report.customDomain.ok || report.customDomain.error.message).not.toContain("runbook.config.json");
  });

  it("HTTPS: a certificate the runtime does not trust is named as a TLS error", async (ctx) => {
    if (!servers.https) return ctx.skip(`no self-signed certificate: ${"unavailable" in tls ? tls.unavailable : ""}`);
    const check = await openHttps(fetchImpl, `${servers.https.url}/`, "dashtray.example.com");
    expect(check.outcome).toBe("tls-error");
    expect(check.detail).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed: .*self-signed certificate/);
  });

  it("HTTPS: Cloudflare's 526, nobody listening, no answer in time", async () => {
    upstream.on("/app", json(526, {}));
    expect(await openHttps(fetchImpl, `${upstream.url}/app`, "d")).toMatchObject({ outcome: "tls-error", status: 526 });
    const port = await closedPort();
    expect((await openHttps(fetchImpl, `http://127.0.0.1:${port}/`, "d")).outcome).toBe("unreachable");
    upstream.on("/app", () => {});
    expect((await openHttps(fetchImpl, `${upstream.url}/app`, "d", 300)).outcome).toBe("timeout");
  });
});

describe("build report: latest run and the Node.js version file", () => {
  const runs = json(200, {
    total_count: 1,
    workflow_runs: [
      {
        id: 42,
        run_number: 7,
        status: "completed",
        conclusion: "failure",
        html_url: "x",
        head_sha: "0559c70afe5688dad05ab9385da715d02493f9a1",
        head_branch: "main",
        created_at: "2026-11-26T10:00:00Z",
      },
    ],
  });
  const file = (text: string) =>
    json(200, { type: "file", encoding: "base64", content: `${Buffer.from(text).toString("base64")}\n` });
  const RUNS = "/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs";
  const NVMRC = "/gh/repos/dashtray/dashtray/contents/.nvmrc";

  it("a failed run with its failed-steps command; .nvmrc on the production branch, decoded; an end-of-life line flagged", async () => {
    upstream.on(RUNS, runs);
    upstream.on(NVMRC, file("v20.18.0\n"));
    const report = await buildReport(
      fetchImpl,
      environment(),
      { GITHUB_TOKEN: TOKEN },
      () => new Date("2026-11-26T12:00:00Z"),
    );
    expect(report.status).toBe("failing");
    expect(report.run.ok && report.run.data?.logsCommand).toBe("gh run view 42 --repo dashtray/dashtray --log-failed");
    expect(report.node.ok && report.node.data).toMatchObject({
      declared: "v20.18.0",
      major: 20,
      ref: "main",
      endOfLife: { date: "2026-04-30", past: true },
    });
    expect(upstream.requests.find((r) => r.path === NVMRC)?.query).toBe("?ref=main");
    expect(report.summary).toBe(
      "Deploy run #7 on 0559c70 failed. Read the failed steps' logs, fix, and push again; production still runs the earlier commit. The build expects Node v20.18.0 (.nvmrc), a line that reached end of life on 2026-04-30.",
    );
  });

  it("no version file names the config field; a directory or an empty file is not a version; the run fails alone", async () => {
    upstream.on(RUNS, json(500, { message: "Server Error" }));
    const missing = await buildReport(fetchImpl, environment(), { GITHUB_TOKEN: TOKEN });
    expect(missing.node.ok || missing.node.error).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("set build.nodeVersionFile"),
    });
    expect(missing.run.ok || missing.run.error).toMatchObject({ code: "upstream_error" });
    expect(missing.status).toBe("incomplete");
    upstream.on(NVMRC, json(200, [{ type: "file", name: "a" }]));
    const dir = await buildReport(fetchImpl, environment(), { GITHUB_TOKEN: TOKEN });
    expect(dir.node.ok || dir.node.error).toMatchObject({ code: "unexpected_response" });
    upstream.on(NVMRC, file("\n# nothing\n"));
    const empty = await buildReport(fetchImpl, environment(), { GITHUB_TOKEN: TOKEN });
    expect(empty.node.ok || empty.node.error).toMatchObject({
      code: "unexpected_response",
      message: ".nvmrc on main is empty: it names no Node.js version.",
    });
  });

  it("no token: both parts name the variable", async () => {
    const report = await buildReport(fetchImpl, environment(), {});
    expect(report.run.ok || report.run.error.code).toBe("missing_token");
    expect(report.node.ok || report.node.error.message).toContain("GITHUB_TOKEN");
  });
});

describe("webhook probe against real endpoints", () => {
  const OTHER_SECRET = `whsec_${Buffer.from("another-endpoint-secret-32-bytes").toString("base64")}`;
  const received: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  let hooks: TestServer;

  /** A Standard Webhooks endpoint, verified with the demo's own node:crypto implementation (not the library under test). */
  function verifying(secret: string, after?: (res: ServerResponse) => void) {
    return (headers: IncomingMessage["headers"], body: string, res: ServerResponse) => {
      const h = (name: string) => (typeof headers[name] === "string" ? (headers[name] as string) : undefined);
      const verdict = verifyWebhook(
        secret,
        { id: h("webhook-id"), timestamp: h("webhook-timestamp"), signature: h("webhook-signature") },
        Buffer.from(body),
        Math.floor(Date.now() / 1000),
      );
      if (!verdict.ok) {
        res.writeHead(verdict.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: verdict.code, message: verdict.message } }));
      } else if (after) after(res);
      else res.end('{"received":true}');
    };
  }
  const endpoints: Record<string, (headers: IncomingMessage["headers"], body: string, res: ServerResponse) => void> = {
    "/validating": verifying(DEFAULT_WEBHOOK_SECRET),
    "/other-secret": verifying(OTHER_SECRET),
    "/handler-fails": verifying(DEFAULT_WEBHOOK_SECRET, (res) => {
      res.writeHead(500);
      res.end("TypeError: cannot read properties of undefined");
    }),
    "/accepts-anything": (_h, _b, res) => res.end('{"received":true}'),
  };

  beforeAll(async () => {
    hooks = await startHttpServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body });
        const endpoint = endpoints[path];
        if (endpoint) endpoint(req.headers, body, res);
        else {
          res.writeHead(404);
          res.end("Not Found");
        }
      });
    });
  });
  afterAll(() => hooks.close());

  const probeOf = (
    path: string,
    bindings: Record<string, string> = { DODO_TEST_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET },
    base?: string,
  ) =>
    webhookProbeReport(
      fetchImpl,
      environment({ targets: { convex: base ?? hooks.url }, webhooks: { target: "convex", path } }),
      bindings,
    );

  it("an endpoint that validates: unsigned and wrong key refused, the signed test event accepted (signed in a way node:crypto verifies)", async () => {
    received.length = 0;
    const report = await probeOf("/validating");
    expect(report.verdict).toBe("validation-on");
    expect(report.attempts.map((a) => [a.kind, a.outcome, a.status])).toEqual([
      ["unsigned", "rejected", 400],
      ["wrong-signature", "rejected", 401],
      ["signed", "accepted", 200],
    ]);
    const signed = received.at(-1);
    expect(signed?.headers["webhook-id"]).toMatch(/^msg_runbook_probe_[0-9a-f]{24}$/);
    expect(signed?.headers["webhook-signature"]).toBe(
      signWebhook(
        DEFAULT_WEBHOOK_SECRET,
        String(signed?.headers["webhook-id"]),
        String(signed?.headers["webhook-timestamp"]),
        signed?.body ?? "",
      ),
    );
    expect(received.filter((r) => !r.headers["webhook-signature"])).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain(DEFAULT_WEBHOOK_SECRET.slice(6));
  });

  it("an endpoint that accepts anything: signature validation is OFF, and the signed case is not sent", async () => {
    received.length = 0;
    const report = await probeOf("/accepts-anything");
    expect(report.verdict).toBe("validation-off");
    expect(report.title).toBe("Endpoint accepts unsigned requests: signature validation is OFF");
    expect(report.attempts.at(-1)).toMatchObject({ kind: "signed", outcome: "skipped" });
    expect(received).toHaveLength(2);
  });

  it("a different signing secret, a handler that throws after verifying, no endpoint, nobody listening", async () => {
    expect((await probeOf("/other-secret")).verdict).toBe("secret-mismatch");
    const throws = await probeOf("/handler-fails");
    expect(throws.verdict).toBe("handler-error");
    expect(throws.attempts.at(-1)?.detail).toBe("HTTP 500: the endpoint failed");
    const missing = await probeOf("/not-deployed");
    expect(missing.verdict).toBe("endpoint-down");
    expect(missing.detail).toContain("HTTP 404: no webhook endpoint at this URL");
    const port = await closedPort();
    const down = await probeOf("/validating", undefined, `http://127.0.0.1:${port}`);
    expect(down.verdict).toBe("endpoint-down");
    expect(down.attempts[0]?.detail).toMatch(/^connection_refused: /);
  });

  it("no secret bound, or one that is not a Standard Webhooks secret: the signed case is skipped and says why, without the value", async () => {
    const unbound = await probeOf("/validating", {});
    expect(unbound.verdict).toBe("validation-on");
    expect(unbound.attempts.at(-1)?.detail).toBe(
      "Not sent: DODO_TEST_WEBHOOK_SECRET is not set, so the accepted case was not tried.",
    );
    const bad = await probeOf("/validating", { DODO_TEST_WEBHOOK_SECRET: "whsec_not base64!" });
    expect(bad.attempts.at(-1)?.detail).toBe(
      "Not sent: DODO_TEST_WEBHOOK_SECRET is not a Standard Webhooks secret (whsec_ followed by base64).",
    );
    expect(JSON.stringify(bad)).not.toContain("not base64!");
  });
});
