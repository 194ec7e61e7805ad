/**
 * Secrets hygiene, end to end: known fake secrets in the build's environment and in the Function's
 * bindings, then every file of the build, every API answer (bodies and headers, error paths
 * included) and every line wrangler and workerd print are searched for them.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/processes.ts";
import { buildSite, type Stack, startStack } from "../../scripts/lib/stack.ts";
import {
  accessToken,
  audienceTag,
  type JwksServer,
  type SigningKey,
  signingKey,
  startJwksServer,
  TEAM_DOMAIN,
} from "../support/access.ts";

const tag = randomBytes(6).toString("hex");
/** Values that must never leave the bindings. */
const SECRETS: Record<string, string> = {
  CLOUDFLARE_API_TOKEN: `cf-FAKE-SECRET-${tag}`,
  GITHUB_TOKEN: `ghp_FAKE${tag}`,
  // The demo's token variables: the Function sends these to the demo's Cloudflare and GitHub stand-ins.
  DEMO_CLOUDFLARE_API_TOKEN: `cf-FAKE-SECRET-demo-${tag}`,
  DEMO_GITHUB_TOKEN: `ghp_FAKEdemo${tag}`,
  DEMO_CONVEX_DEPLOY_KEY: `prod:FAKE-SECRET-convex-${tag}`,
  // The webhook probe signs with it (the demo then rejects the signature; only leaks matter here).
  DEMO_WEBHOOK_SECRET: `whsec_${Buffer.from(`FAKE-SECRET-${tag}`).toString("base64")}`,
  // The rollback action's write tokens (Pages: Edit, Actions: write), read only by /api/actions/*.
  DEMO_CLOUDFLARE_WRITE_TOKEN: `cf-FAKE-WRITE-${tag}`,
  DEMO_GITHUB_WRITE_TOKEN: `ghp_FAKEwrite${tag}`,
  ACCESS_AUD: audienceTag(),
};

let key: SigningKey;
let jwks: JwksServer;
let stack: Stack;
const logs: string[] = [];

beforeAll(async () => {
  const saved = { ...process.env };
  Object.assign(process.env, SECRETS);
  try {
    await buildSite(true);
  } finally {
    for (const name of Object.keys(SECRETS)) if (saved[name] === undefined) delete process.env[name];
    Object.assign(process.env, saved);
  }
  key = await signingKey("team-key-1");
  jwks = await startJwksServer([key]);
  stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    bindings: { ...SECRETS, RUNBOOK_ACCESS: "on", ACCESS_TEAM_DOMAIN: TEAM_DOMAIN, ACCESS_JWKS_URL: jwks.url },
    onLog: (line) => logs.push(line),
  });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await jwks?.close();
});

/** The names of the secrets found in `text`. */
function leaked(text: string | Buffer): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("secrets never leave the bindings", () => {
  it("are in no file of the build", () => {
    const built = files(join(root, "dist"));
    expect(built.some((f) => f.endsWith(".js"))).toBe(true);
    expect(built.length).toBeGreaterThan(30);
    const found = built.flatMap((f) => leaked(readFileSync(f)).map((name) => `${relative(root, f)}: ${name}`));
    expect(found).toEqual([]);
  });

  it("are in no API answer, body or header, on success or error paths", async () => {
    const token = await accessToken({ key, audience: SECRETS.ACCESS_AUD ?? "" });
    const now = Math.floor(Date.now() / 1000);
    const expired = await accessToken({
      key,
      audience: SECRETS.ACCESS_AUD ?? "",
      claims: { iat: now - 7200, exp: now - 3600 },
    });
    const otherApp = await accessToken({ key, audience: audienceTag() });
    const json = { "content-type": "application/json" };
    const requests: [string, string, RequestInit & { token?: string | null }][] = [
      ["GET", "/api/health", {}],
      ["GET", "/api/whoami", {}],
      ["GET", "/api/environments", {}],
      ["GET", "/api/checks?env=demo", {}],
      ["POST", "/api/checks/frontend/run?env=demo", {}],
      ["POST", "/api/verify?env=demo", {}],
      ["POST", "/api/verify/checks/frontend?env=demo", {}],
      ["GET", "/api/version?env=demo", {}],
      ["GET", "/api/rollback?env=demo", {}],
      ["GET", "/api/demo/state", {}],
      ["POST", "/api/demo/state", { headers: json, body: '{"mode":"down"}' }],
      ["POST", "/api/checks/app-health/run?env=demo", {}],
      ["GET", "/api/version?env=demo", {}],
      ["GET", "/api/config-check?env=demo", {}],
      ["POST", "/api/webhooks/probe?env=demo", {}],
      ["GET", "/api/dns?env=demo", {}],
      ["GET", "/api/build?env=demo", {}],
      ["POST", "/api/demo/reset", {}],
      ["GET", "/api/actions/rollback?env=demo", {}],
      ["POST", "/api/actions/rollback?env=demo", { headers: json, body: "{}" }],
      ["GET", "/api/actions/convex-redeploy?env=demo", {}],
      // Error paths.
      ["GET", "/api/checks", {}],
      ["GET", "/api/checks?env=qa", {}],
      ["POST", "/api/checks/nope/run?env=demo", {}],
      ["POST", "/api/demo/state", { headers: json, body: "{not json" }],
      ["POST", "/api/demo/state", { headers: json, body: '{"mode":"on fire"}' }],
      ["GET", "/api/nope", {}],
      ["DELETE", "/api/health", {}],
      ["GET", "/api/health", { token: null }],
      ["GET", "/api/health", { token: "garbage" }],
      ["GET", "/api/health", { token: expired }],
      ["GET", "/api/health", { token: otherApp }],
    ];
    const statuses = new Set<number>();
    const upstream = new Set<string>();
    const found: string[] = [];
    for (const [method, path, init] of requests) {
      const headers = new Headers(init.headers);
      const bearer = init.token === undefined ? token : init.token;
      if (bearer) headers.set("cf-access-jwt-assertion", bearer);
      const res = await fetch(`${stack.url}${path}`, { ...init, method, headers });
      const text = await res.text();
      statuses.add(res.status);
      for (const [route, count] of Object.entries(stack.demo?.state.counts ?? {})) if (count > 0) upstream.add(route);
      const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
      for (const name of leaked(`${text}\n${headerText}`)) found.push(`${method} ${path} (${res.status}): ${name}`);
    }
    expect(found).toEqual([]);
    // The list really reached the routes and their failures, not only the access check.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 401, 404]));
    // ...and the Function used the tokens: it called the demo's Cloudflare and GitHub API stand-ins.
    expect([...upstream].some((route) => route.includes("/cloudflare/client/v4/"))).toBe(true);
    expect([...upstream].some((route) => route.includes("/repos/"))).toBe(true);
  });

  it("are in no line wrangler or workerd printed", () => {
    // The capture works: wrangler logged the requests above.
    expect(logs.some((line) => line.includes("/api/health"))).toBe(true);
    const found = logs.flatMap((line) => leaked(line).map((name) => `${name} in: ${line.slice(0, 200)}`));
    expect(found).toEqual([]);
  });

  it("keeps .dev.vars out of git", () => {
    expect(() => execFileSync("git", ["check-ignore", "--quiet", ".dev.vars"], { cwd: root })).not.toThrow();
    expect(() => execFileSync("git", ["check-ignore", "--quiet", ".dev.vars.example"], { cwd: root })).toThrow();
  });
});
