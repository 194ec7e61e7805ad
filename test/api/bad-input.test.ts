/**
 * Malformed and hostile requests through the real Function in workerd. Each row says what the API must
 * answer and, the point of the suite, that the demo Dashtray saw no request at all: nothing a caller
 * sends reaches a fetch. The last rows smuggle a host or URL in headers to a valid run: those are
 * answered (the headers are simply not used), and the demo sees exactly the configured request.
 *
 * Requests go through node:http so that hostile details (Host, a chunked body, odd methods) arrive as
 * written instead of being tidied by fetch.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Stack } from "../../scripts/lib/stack.ts";
import { checkResult } from "../../src/core/result.ts";
import { runCli } from "../cli/run-cli.ts";
import {
  accessToken,
  audienceTag,
  type JwksServer,
  type SigningKey,
  signingKey,
  startAccessStack,
  TEAM_DOMAIN,
} from "../support/access.ts";
import { demoCounts, resetDemo } from "../support/demo.ts";
import { encodings } from "../support/encodings.ts";
import { HOSTILE_HISTORY_ROWS } from "./hostile-history-rows.ts";

const site = new URL(inject("siteUrl"));
const demoUrl = inject("demoUrl");

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface SendOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}

/** One request as written, to the main stack or `to`. `chunked` sends the body without a Content-Length. */
function send(method: string, path: string, options: SendOptions = {}, to: URL = site) {
  return new Promise<Raw>((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && !options.chunked)
      headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = request({ host: to.hostname, port: to.port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (options.body !== undefined && options.chunked) {
      // A few pieces, so the Function cannot learn the size before reading.
      const body = Buffer.from(options.body);
      const piece = Math.ceil(body.length / 4);
      for (let i = 0; i < body.length; i += piece) req.write(body.subarray(i, i + piece));
    } else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function demoSettings(): Promise<Record<string, unknown>> {
  const {
    counts: _counts,
    webhookEvents: _events,
    ...settings
  } = (await (await fetch(`${demoUrl}/__demo/state`)).json()) as Record<string, unknown>;
  return settings;
}

const json = { "content-type": "application/json" };
const MB = "x".repeat(1024 * 1024);
const long = "a".repeat(5_000);

interface Row {
  what: string;
  method: string;
  path: string;
  options?: SendOptions;
  status: number;
  code: string;
}

const refused: Row[] = [
  {
    what: "unknown check id",
    method: "POST",
    path: "/api/checks/nope/run?env=demo",
    status: 404,
    code: "unknown_check",
  },
  {
    what: "unknown environment",
    method: "POST",
    path: "/api/checks/frontend/run?env=qa",
    status: 404,
    code: "unknown_environment",
  },
  { what: "no environment", method: "POST", path: "/api/checks/frontend/run", status: 400, code: "invalid_parameter" },
  {
    what: "empty environment",
    method: "POST",
    path: "/api/checks/frontend/run?env=",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "path traversal in the id, encoded",
    method: "POST",
    path: "/api/checks/..%2F..%2Fetc/run?env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "path traversal in the id, double-encoded",
    method: "POST",
    path: "/api/checks/..%252F..%252Fetc/run?env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "path traversal in env",
    method: "POST",
    path: "/api/checks/frontend/run?env=..%2F..%2Fetc%2Fpasswd",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a URL smuggled in the query",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&url=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a target smuggled in the query",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&target=http://127.0.0.1:22",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a host smuggled in the query",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&host=evil.example",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a port smuggled in the query",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&port=22",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a URL smuggled into verify-all",
    method: "POST",
    path: "/api/verify?env=demo&url=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a URL smuggled into the check list",
    method: "GET",
    path: "/api/checks?env=demo&url=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a URL smuggled into the version panel",
    method: "GET",
    path: "/api/version?env=demo&apiBase=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "env given twice",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&env=production",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "env repeated with the same value",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo&env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a body naming a URL",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { headers: json, body: '{"url":"http://169.254.169.254/"}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "a body naming headers",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { headers: json, body: '{"headers":{"host":"evil.example"}}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "a body naming a target",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { headers: json, body: '{"target":"http://127.0.0.1:22"}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "a chunked body to a run",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { body: '{"url":"http://169.254.169.254/"}', chunked: true },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "1 MB to a run",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { headers: json, body: MB },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "a body to verify-all",
    method: "POST",
    path: "/api/verify?env=demo",
    options: { headers: json, body: '{"checks":["frontend"]}' },
    status: 400,
    code: "invalid_request",
  },
  { what: "GET on a run", method: "GET", path: "/api/checks/frontend/run?env=demo", status: 404, code: "not_found" },
  { what: "PUT on a run", method: "PUT", path: "/api/checks/frontend/run?env=demo", status: 404, code: "not_found" },
  {
    what: "DELETE on a run",
    method: "DELETE",
    path: "/api/checks/frontend/run?env=demo",
    status: 404,
    code: "not_found",
  },
  { what: "GET on verify-all", method: "GET", path: "/api/verify?env=demo", status: 404, code: "not_found" },
  {
    what: "verify-all's one-check invocation for an unknown check",
    method: "POST",
    path: "/api/verify/checks/nope?env=demo",
    status: 404,
    code: "unknown_check",
  },
  {
    what: "verify-all's one-check invocation for a check outside the smoke run",
    method: "POST",
    path: "/api/verify/checks/fault-hang?env=demo",
    status: 404,
    code: "unknown_check",
  },
  {
    what: "a URL smuggled into verify-all's one-check invocation",
    method: "POST",
    path: "/api/verify/checks/frontend?env=demo&url=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a body to verify-all's one-check invocation",
    method: "POST",
    path: "/api/verify/checks/frontend?env=demo",
    options: { headers: json, body: '{"url":"http://169.254.169.254/"}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "a 5000-character check id to verify-all's one-check invocation",
    method: "POST",
    path: `/api/verify/checks/${long}?env=demo`,
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "GET on verify-all's one-check invocation",
    method: "GET",
    path: "/api/verify/checks/frontend?env=demo",
    status: 404,
    code: "not_found",
  },
  {
    what: "a 5000-character check id",
    method: "POST",
    path: `/api/checks/${long}/run?env=demo`,
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a 5000-character env",
    method: "POST",
    path: `/api/checks/frontend/run?env=${long}`,
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "unicode in the id",
    method: "POST",
    path: "/api/checks/fr%C3%B6ntend/run?env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "unicode in env",
    method: "POST",
    path: "/api/checks/frontend/run?env=d%C3%A9mo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a null byte in the id",
    method: "POST",
    path: "/api/checks/frontend%00/run?env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "a null byte in env",
    method: "POST",
    path: "/api/checks/frontend/run?env=demo%00",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "an upper-case id",
    method: "POST",
    path: "/api/checks/FRONTEND/run?env=demo",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "demo state: 1 MB body",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: `{"mode":"${MB}"}` },
    status: 413,
    code: "body_too_large",
  },
  {
    what: "demo state: 1 MB chunked body",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: `{"mode":"${MB}"}`, chunked: true },
    status: 413,
    code: "body_too_large",
  },
  {
    what: "demo state: invalid JSON",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: '{"mode":' },
    status: 400,
    code: "invalid_json",
  },
  {
    what: "demo state: invalid UTF-8",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: Buffer.from([...Buffer.from('{"mode":"'), 0xff, 0xfe, ...Buffer.from('"}')]) },
    status: 400,
    code: "invalid_json",
  },
  {
    what: "demo state: wrong content type",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: { "content-type": "text/plain" }, body: '{"mode":"down"}' },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    what: "demo state: no content type",
    method: "POST",
    path: "/api/demo/state",
    options: { body: '{"mode":"down"}' },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    what: "demo state: an unknown field",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: '{"url":"http://169.254.169.254/"}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "demo state: a wrong type",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: '{"mode":5}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "demo state: out of range",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: '{"slowMs":-1}' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "demo state: an array",
    method: "POST",
    path: "/api/demo/state",
    options: { headers: json, body: '["down"]' },
    status: 400,
    code: "invalid_request",
  },
  {
    what: "demo reset with a body",
    method: "POST",
    path: "/api/demo/reset",
    options: { headers: json, body: '{"mode":"down"}' },
    status: 400,
    code: "invalid_request",
  },
];

// The step-6 monitor: bad env, bad since, unknown watch, overrides outside the demo, a body.
refused.push(
  {
    what: "monitor: unknown environment",
    method: "GET",
    path: "/api/monitor?env=qa",
    status: 404,
    code: "unknown_environment",
  },
  { what: "monitor: no environment", method: "GET", path: "/api/monitor", status: 400, code: "invalid_parameter" },
  {
    what: "monitor: since not a time",
    method: "GET",
    path: "/api/monitor?env=demo&since=yesterday",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "monitor: a URL smuggled in",
    method: "POST",
    path: "/api/monitor?env=demo&url=http://169.254.169.254/",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "monitor: sample of an unknown watch",
    method: "POST",
    path: "/api/monitor/sample?env=demo&watch=999999",
    status: 404,
    code: "unknown_watch",
  },
  {
    what: "monitor: sample with a watch that is no number",
    method: "POST",
    path: "/api/monitor/sample?env=demo&watch=..%2F1",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "monitor: interval override outside the demo",
    method: "POST",
    path: "/api/monitor?env=staging&interval=1",
    status: 400,
    code: "invalid_parameter",
  },
  {
    what: "monitor: start with a body",
    method: "POST",
    path: "/api/monitor?env=demo",
    options: { headers: json, body: '{"interval":1}' },
    status: 400,
    code: "invalid_request",
  },
);

// Every POST (each changes something or probes something) from another site: 403 before anything runs.
const posts: [string, string, SendOptions][] = [
  ["a run", "/api/checks/frontend/run?env=demo", {}],
  ["verify-all", "/api/verify?env=demo", {}],
  ["verify-all's one-check invocation", "/api/verify/checks/frontend?env=demo", {}],
  ["the webhook probe", "/api/webhooks/probe?env=demo", {}],
  ["a demo switch", "/api/demo/state", { headers: json, body: '{"mode":"down"}' }],
  ["a demo reset", "/api/demo/reset", {}],
  ["a monitor start", "/api/monitor?env=demo", {}],
  ["a monitor sample", "/api/monitor/sample?env=demo&watch=1", {}],
];
const crossSite: [string, Record<string, string>][] = [
  ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
  ["an Origin of another site", { origin: "https://evil.example" }],
  ["Origin: null (a sandboxed frame)", { origin: "null" }],
  ["our origin over https, the port dropped", { origin: `https://${site.hostname}` }],
];
for (const [route, path, options] of posts)
  for (const [how, headers] of crossSite)
    refused.push({
      what: `${route} with ${how}`,
      method: "POST",
      path,
      options: { ...options, headers: { ...options.headers, ...headers } },
      status: 403,
      code: "cross_site_refused",
    });

// With RUNBOOK_ACCESS=off (the local stack) only loopback names are answered: a DNS-rebinding page
// would send its own name in Host.
const foreignHosts = ["evil.example", "169.254.169.254", `rebind.example:${site.port}`, "127.0.0.1.evil.example"];
for (const host of foreignHosts) {
  refused.push({
    what: `a run for Host ${host}`,
    method: "POST",
    path: "/api/checks/frontend/run?env=demo",
    options: { headers: { host } },
    status: 403,
    code: "host_refused",
  });
  refused.push({
    what: `the version panel for Host ${host}`,
    method: "GET",
    path: "/api/version?env=demo",
    options: { headers: { host } },
    status: 403,
    code: "host_refused",
  });
}

// Hosts and URLs smuggled in headers to a valid run: answered, and the probe goes where the config says.
const smuggledHeaders: [string, Record<string, string>][] = [
  ["Host localhost, another loopback name", { host: `localhost:${site.port}` }],
  ["Origin and Sec-Fetch-Site of the site itself", { origin: site.origin, "sec-fetch-site": "same-origin" }],
  ["X-Forwarded-Host", { "x-forwarded-host": "169.254.169.254" }],
  ["X-Original-URL", { "x-original-url": "/api/plans" }],
  ["Forwarded", { forwarded: "host=169.254.169.254;proto=http" }],
];

/** Rows per table of this suite, counted for the test at the end (the Limits page states the total). */
const tableSizes: Record<string, number> = {};

describe("malformed and hostile requests reach nothing upstream", () => {
  tableSizes.refused = refused.length;
  tableSizes.smuggledHeaders = smuggledHeaders.length;
  beforeEach(() => resetDemo());

  it.each(refused)("$what: $method answers $status $code", async ({ method, path, options, status, code }) => {
    const before = await demoSettings();
    const res = await send(method, path, options);
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toContain("application/json");
    const body = JSON.parse(res.text) as unknown;
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect((body as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
    expect(await demoCounts()).toEqual({});
    expect(await demoSettings()).toEqual(before);
  });

  it.each(smuggledHeaders)(
    "a host or URL in %s is not used: the run probes only the configured URL",
    async (_name, headers) => {
      const res = await send("POST", "/api/checks/frontend/run?env=demo", { headers });
      expect(res.status).toBe(200);
      const result = checkResult.parse(JSON.parse(res.text));
      expect(result.request.url).toBe(`${demoUrl}/`);
      expect(result.status).toBe("pass");
      expect(await demoCounts()).toEqual({ "GET /": 1 });
    },
  );
});

// Cloudflare Access on (a stack of its own, keys from a local JWKS server): a missing, malformed,
// forged, expired or misdirected token is refused before anything runs.
describe("with Cloudflare Access on, bad tokens reach nothing upstream", () => {
  const audience = audienceTag();
  let key: SigningKey;
  let jwks: JwksServer;
  let stack: Stack;
  beforeAll(async () => {
    ({ key, jwks, stack } = await startAccessStack(audience));
  });
  afterAll(async () => {
    await stack?.stop();
    await jwks?.close();
  });
  beforeEach(() => stack.demo?.state.reset());

  const now = () => Math.floor(Date.now() / 1000);
  const tokens: { what: string; token: () => Promise<string | undefined>; code: string }[] = [
    { what: "no token", token: async () => undefined, code: "access_required" },
    { what: "not a JWT", token: async () => "not.a.token", code: "access_token_malformed" },
    {
      what: "forged: signed by a key the team does not publish, under its kid",
      token: async () => accessToken({ key: { ...(await signingKey("team-key-1")), kid: "team-key-1" }, audience }),
      code: "access_signature_invalid",
    },
    {
      what: "signed with an unknown kid",
      token: async () => accessToken({ key: await signingKey("someone-elses-key"), audience }),
      code: "access_key_unknown",
    },
    {
      what: "expired an hour ago",
      token: () => accessToken({ key, audience, claims: { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 } }),
      code: "access_token_expired",
    },
    {
      what: "not valid for another hour",
      token: () => accessToken({ key, audience, claims: { nbf: now() + 3600 } }),
      code: "access_token_not_yet_valid",
    },
    {
      what: "for another Access application",
      token: () => accessToken({ key, audience: audienceTag() }),
      code: "access_audience_invalid",
    },
    {
      what: "issued by another team",
      token: () => accessToken({ key, audience, claims: { iss: "https://evil.cloudflareaccess.com" } }),
      code: "access_issuer_invalid",
    },
    {
      what: "HS256 with a guessed secret",
      token: () =>
        new SignJWT({ aud: [audience], iss: `https://${TEAM_DOMAIN}`, email: "mallory@example.com", exp: now() + 3600 })
          .setProtectedHeader({ alg: "HS256", kid: "team-key-1" })
          .sign(new TextEncoder().encode("a guessed secret of thirty-two bytes!")),
      code: "access_algorithm_invalid",
    },
    {
      what: "naming no user or service token",
      token: () => accessToken({ key, audience, claims: { email: undefined } }),
      code: "access_identity_missing",
    },
  ];

  tableSizes.tokens = tokens.length + 1; // and the good token below

  it.each(tokens)("a run with a token $what answers 401 $code", async ({ token, code }) => {
    const value = await token();
    const res = await send(
      "POST",
      "/api/checks/frontend/run?env=demo",
      {
        headers: {
          ...(value !== undefined && { "cf-access-jwt-assertion": value }),
          "cf-access-authenticated-user-email": "alice@dashtray.example",
        },
      },
      new URL(stack.url),
    );
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(res.text)).toEqual({ error: { code, message: expect.any(String) } });
    if (value) expect(res.text).not.toContain(value);
    expect(stack.demo?.state.counts).toEqual({});
  });

  it("a good token runs the check, so the rows above fail for their token alone", async () => {
    const res = await send(
      "POST",
      "/api/checks/frontend/run?env=demo",
      { headers: { "cf-access-jwt-assertion": await accessToken({ key, audience }) } },
      new URL(stack.url),
    );
    expect(res.status).toBe(200);
    expect(stack.demo?.state.counts).toEqual({ "GET /": 1 });
  });
});

// Config patterns that backtrack catastrophically (the engine is JavaScript's): refused when the config
// loads, naming the check and the pattern, before anything is probed. Through the real CLI.
const evilPatterns: [string, Record<string, unknown>][] = [
  ["(a+)+$ in a body assertion", { type: "body", matches: "(a+)+$" }],
  ["(a|aa)*b in a body assertion", { type: "body", matches: "(a|aa)*b" }],
  ["(.*a){20} in a body assertion", { type: "body", matches: "(.*a){20}" }],
  ["(\\w+\\s?)*$ in a header assertion", { type: "header", name: "x-release", matches: "(\\w+\\s?)*$" }],
  ["a back-reference in a JSON assertion", { type: "json", path: "version", op: "matches", value: "(\\d)\\1" }],
];

describe("a config with a pattern that can backtrack catastrophically is refused, probing nothing", () => {
  tableSizes.evilPatterns = evilPatterns.length;
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "hostile-config-"));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));
  beforeEach(() => resetDemo());

  it.each(evilPatterns)("%s: the CLI exits 2 naming the check and the pattern", async (_what, assertion) => {
    const file = join(tmp, "runbook.config.json");
    const config = {
      environments: {
        hostile: {
          label: "Hostile",
          targets: { app: demoUrl },
          checks: [{ id: "evil-pattern", title: "Evil pattern", target: "app", assertions: [assertion] }],
        },
      },
    };
    await writeFile(file, JSON.stringify(config));
    const run = await runCli(["--config", file, "--env", "hostile", "--check", "evil-pattern"]);
    expect(run.code).toBe(2);
    const source = String(assertion.matches ?? assertion.value);
    expect(run.stderr).toContain(`check "evil-pattern": pattern /${source}/ can backtrack catastrophically`);
    expect(await demoCounts()).toEqual({});
  });
});

describe("the hostile-input table", () => {
  it("has at least 150 rows (with the history suite and the twenty-encodings echo, every case of issues 10 and 22)", () => {
    // Friends of this file run these: bad-input-history.test.ts and secrets-echo.test.ts.
    tableSizes.history = HOSTILE_HISTORY_ROWS;
    tableSizes.echoedEncodings = encodings("token").length;
    const rows = Object.values(tableSizes).reduce((a, b) => a + b, 0);
    expect(Object.keys(tableSizes).sort()).toEqual([
      "echoedEncodings",
      "evilPatterns",
      "history",
      "refused",
      "smuggledHeaders",
      "tokens",
    ]);
    expect(rows).toBeGreaterThanOrEqual(150);
  });
});

// The rollback action (POST /api/actions/rollback): every refusal that needs no upstream read answers
// before anything is asked, changes nothing and reaches nothing. (Refusals that need the Pages list, such
// as a failed, preview or newer target, are in test/api/rollback-action.test.ts.)
const ROLLBACK_PATH = "/api/actions/rollback?env=demo";
const rollbackBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    target: "54035b60-8935-4af3-8315-b5c5f41b494d",
    reason: "checkout is broken",
    confirm: "demo",
    expectedLive: "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f",
    requestId: `bad-input-${Math.random().toString(36).slice(2, 12)}`,
    issuedAt: new Date().toISOString(),
    ...overrides,
  });
const rollbackRow = (
  what: string,
  overrides: Record<string, unknown>,
  status: number,
  code: string,
  extra: Partial<Row> = {},
): Row => ({
  what: `rollback action: ${what}`,
  method: "POST",
  path: ROLLBACK_PATH,
  options: { headers: json, body: rollbackBody(overrides) },
  status,
  code,
  ...extra,
});
const rollbackRefusals: Row[] = [
  rollbackRow("the wrong confirmation", { confirm: "production" }, 400, "confirmation_mismatch"),
  rollbackRow("an empty reason", { reason: "  " }, 400, "reason_required"),
  rollbackRow("a reason with control characters", { reason: "bad\u0007" }, 400, "invalid_request"),
  rollbackRow(
    "an old request (issued an hour ago)",
    { issuedAt: new Date(Date.now() - 3_600_000).toISOString() },
    409,
    "request_expired",
  ),
  rollbackRow("a body naming who does it", { by: "boss@dashtray.example" }, 400, "identity_in_body"),
  rollbackRow("an unknown field", { force: true }, 400, "invalid_request"),
  rollbackRow("a target that is not a deployment id", { target: "../../accounts" }, 400, "invalid_request"),
  rollbackRow("a too short request id", { requestId: "x" }, 400, "invalid_request"),
  rollbackRow("an environment where it is off", { confirm: "staging" }, 404, "action_not_enabled", {
    path: "/api/actions/rollback?env=staging",
  }),
  rollbackRow("an extra query parameter", {}, 400, "invalid_parameter", { path: `${ROLLBACK_PATH}&target=x` }),
  rollbackRow("not JSON", {}, 400, "invalid_json", { options: { headers: json, body: "{target:" } }),
  rollbackRow("not application/json", {}, 415, "unsupported_media_type", {
    options: { headers: { "content-type": "text/plain" }, body: rollbackBody() },
  }),
  rollbackRow("a body over 4 KB", { reason: "x".repeat(5000) }, 413, "body_too_large"),
  ...crossSite.map(([how, headers]) =>
    rollbackRow(`from another site (${how})`, {}, 403, "cross_site_refused", {
      options: { headers: { ...json, ...headers }, body: rollbackBody() },
    }),
  ),
  // The Convex redeploy takes the same body with commit SHAs, behind the same guards.
  ...(
    [
      ["the wrong confirmation", { confirm: "prod" }, 400, "confirmation_mismatch"],
      ["an empty reason", { reason: "" }, 400, "reason_required"],
      ["an old request", { issuedAt: "2026-01-01T00:00:00Z" }, 409, "request_expired"],
    ] as const
  ).map(([what, overrides, status, code]) =>
    rollbackRow(`Convex redeploy, ${what}`, overrides, status, code, {
      path: "/api/actions/convex-redeploy?env=demo",
      options: {
        headers: json,
        body: rollbackBody({
          target: "29cb07959f28a797ccea7f1f91301aebdb910fe7",
          expectedLive: "0559c70afe5688dad05ab9385da715d02493f9a1",
          ...overrides,
        }),
      },
    }),
  ),
  rollbackRow("Convex redeploy from another site", {}, 403, "cross_site_refused", {
    path: "/api/actions/convex-redeploy?env=demo",
    options: { headers: { ...json, "sec-fetch-site": "cross-site" }, body: rollbackBody() },
  }),
];

describe("the rollback action refuses bad input before anything is asked", () => {
  beforeEach(() => resetDemo());

  it.each(rollbackRefusals)("$what: $status $code", async ({ method, path, options, status, code }) => {
    const before = await demoSettings();
    const res = await send(method, path, options);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toEqual({ error: { code, message: expect.any(String) } });
    expect(await demoCounts()).toEqual({});
    expect(await demoSettings()).toEqual(before);
  });
});

describe("the rollback action with Cloudflare Access on: the allow-list decides, never the page", () => {
  const audience = audienceTag();
  let access: Awaited<ReturnType<typeof startAccessStack>> | undefined;
  beforeAll(async () => {
    access = await startAccessStack(audience);
  });
  afterAll(() => access?.stop());

  it("someone signed in but not on the allow-list: 403 not_allowed naming them, nothing asked", async () => {
    if (!access) throw new Error("no Access stack");
    const token = await accessToken({ key: access.key, audience, claims: { email: "mallory@example.com" } });
    const res = await send(
      "POST",
      ROLLBACK_PATH,
      { headers: { ...json, "cf-access-jwt-assertion": token }, body: rollbackBody() },
      new URL(access.stack.url),
    );
    expect(res.status).toBe(403);
    const { error } = JSON.parse(res.text) as { error: { code: string; message: string } };
    expect(error.code).toBe("not_allowed");
    expect(error.message).toContain("mallory@example.com");
    expect(access.stack.demo?.state.counts).toEqual({});
    const state = await send(
      "GET",
      ROLLBACK_PATH,
      { headers: { "cf-access-jwt-assertion": token } },
      new URL(access.stack.url),
    );
    expect(JSON.parse(state.text)).toMatchObject({ available: false, actor: "mallory@example.com" });
  }, 60_000);
});

describe("every press counted once, and the runbook's own notes kept apart from readers'", () => {
  const ROLLBACK_ROUTE =
    "POST /cloudflare/client/v4/accounts/:account/pages/projects/:project/deployments/:deployment/rollback";
  const post = (path: string, body: unknown) => send("POST", path, { headers: json, body: JSON.stringify(body) });
  const freshForm = async () => {
    const state = JSON.parse((await send("GET", ROLLBACK_PATH)).text) as {
      issuedAt: string;
      live: { id: string };
      targets: { id: string }[];
    };
    return {
      target: state.targets[0]?.id,
      reason: `joined-press replay ${Math.random().toString(36).slice(2, 8)}`,
      confirm: "demo",
      expectedLive: state.live.id,
      requestId: `press-${Math.random().toString(36).slice(2, 12)}`,
      issuedAt: state.issuedAt,
    };
  };
  beforeEach(() => resetDemo());

  it("a press that joined is audited as joined, and replaying its form after a refused rollback is refused, with no second call", async () => {
    // Cloudflare holds its answer (2 s) and nothing switches: the first press is in flight long enough to join.
    await post("/api/demo/state", { rollbackAnswer: "timeout", rollbackApplied: "no" });
    const [first, second] = [await freshForm(), await freshForm()];
    const leading = post(ROLLBACK_PATH, first);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const joining = await post(ROLLBACK_PATH, second);
    await leading;
    expect(joining.status).toBe(200);
    expect(joining.text.split("\n")[0]).toContain('"joined":true');
    expect(joining.text).toContain('"outcome":"not-rolled-back"');
    expect((await demoCounts())[ROLLBACK_ROUTE]).toBe(1);

    const audit = JSON.parse((await send("GET", "/api/audit?env=demo&kind=rollback-action")).text) as {
      entries: { outcome: string; detail?: string }[];
    };
    const joined = audit.entries.find((e) => e.detail?.includes(second.reason));
    expect(joined).toMatchObject({ outcome: "joined" });
    expect(joined?.detail).toContain("joined local's rollback");

    for (const form of [second, first]) {
      const replay = await post(ROLLBACK_PATH, form);
      expect(replay.status).toBe(409);
      expect(JSON.parse(replay.text)).toEqual({ error: { code: "request_replayed", message: expect.any(String) } });
    }
    expect((await demoCounts())[ROLLBACK_ROUTE]).toBe(1);
  });

  it("a reader cannot pre-empt or forge the runbook's note: its key form and author kind are refused", async () => {
    const started = await post("/api/deployments?env=demo", {
      targetCommit: "2222222222222222222222222222222222222222",
    });
    expect(started.status).toBe(201);
    const id = (JSON.parse(started.text) as { deployment: { id: number } }).deployment.id;
    try {
      const rows: [Record<string, unknown>, string][] = [
        [{ text: "pre-empted", idempotencyKey: "runbook:action:1" }, "idempotencyKey"],
        [{ text: "forged", idempotencyKey: "reader-key-0001", kind: "runbook" }, "kind"],
        [{ text: "forged", idempotencyKey: "reader-key-0002", authorKind: "runbook" }, "authorKind"],
      ];
      for (const [body, field] of rows) {
        const res = await post(`/api/deployments/${id}/notes`, body);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text).error.message).toContain(field);
      }
      // The old format of the runbook's key is only a reader's key now: accepted, and a reader's note.
      const old = await post(`/api/deployments/${id}/notes`, { text: "mine", idempotencyKey: "rollback-action-1" });
      expect(old.status).toBe(201);
      expect(JSON.parse(old.text).note).toMatchObject({ by: "local", kind: "reader" });
    } finally {
      await post(`/api/deployments/${id}/status`, { status: "abandoned" });
    }
  });
});
