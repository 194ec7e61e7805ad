/**
 * Cloudflare Access through the real app's public door (`app.request(path, init, bindings)`), with the
 * team's signing keys served by a real local JWKS server and tokens signed at test time.
 */
import { Hono } from "hono";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiError, whoami } from "../../src/core/result.ts";
import { createApp } from "../../src/server/app.ts";
import { ApiFailure, errorBody } from "../../src/server/errors.ts";
import { cloudflareAccess } from "../../src/server/middleware/access/index.ts";
import { createRuntime, type RuntimeOptions } from "../../src/server/runtime.ts";
import {
  accessToken,
  audienceTag,
  type JwksServer,
  type SigningKey,
  signingKey,
  startJwksServer,
  TEAM_DOMAIN,
  type TokenOptions,
} from "../support/access.ts";
import { loadRealConfig } from "./support/config.ts";
import { useDemo } from "./support/demo.ts";
import { closedPort } from "./support/servers.ts";

const demo = useDemo();
const AUD = audienceTag();
let jwks: JwksServer;
let keyA: SigningKey;
let keyB: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  [keyA, keyB, stranger] = await Promise.all([signingKey("key-a"), signingKey("key-b"), signingKey("key-a")]);
  jwks = await startJwksServer([keyA]);
});
afterAll(() => jwks.close());
afterEach(() => {
  vi.useRealTimers();
  jwks.keys = [keyA];
});

/** The bindings of a deployed runbook, with the keys fetched from the local JWKS server. */
const bindings = (extra: Record<string, string> = {}) => ({
  ACCESS_TEAM_DOMAIN: TEAM_DOMAIN,
  ACCESS_AUD: AUD,
  ACCESS_JWKS_URL: jwks.url,
  ...extra,
});

function appWith(options: Partial<RuntimeOptions> = {}) {
  return createApp(createRuntime({ loaded: loadRealConfig(demo.url), demoOrigin: demo.url, ...options }));
}

type App = ReturnType<typeof appWith>;

async function call(app: App, path: string, env: Record<string, string>, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== undefined) headers.set("cf-access-jwt-assertion", token);
  const res = await app.request(path, { ...rest, headers }, env);
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read ad-hoc fields; the error shape is parsed with the shared schema.
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as any) : undefined };
}

/** Asserts a refusal in the API's error shape, that it never repeats the token, and returns its message. */
async function refused(
  app: App,
  path: string,
  env: Record<string, string>,
  token: string | undefined,
  status: number,
  code: string,
) {
  const res = await call(app, path, env, { token });
  expect(res.status, res.text).toBe(status);
  const body = apiError.parse(res.body);
  expect(body.error.code).toBe(code);
  if (token) expect(res.text).not.toContain(token);
  expect(res.text).not.toContain(AUD);
  return body.error.message;
}

const token = (options: Partial<TokenOptions> = {}) => accessToken({ key: keyA, audience: AUD, ...options });
const now = () => Math.floor(Date.now() / 1000);

describe("a valid Access token", () => {
  it("lets the request through and the API knows who it is", async () => {
    const app = appWith();
    const res = await call(app, "/api/whoami", bindings(), { token: await token() });
    expect(res.status, res.text).toBe(200);
    expect(whoami.parse(res.body)).toEqual({ identity: { email: "alice@dashtray.example" }, access: "verified" });
    expect((await call(app, "/api/health", bindings(), { token: await token() })).status).toBe(200);
  });

  it("names a service token by its common_name", async () => {
    const serviceToken = await token({
      claims: { email: undefined, common_name: "88bf3b6d86161464f6509f7219099e57.access", sub: "" },
    });
    const res = await call(appWith(), "/api/whoami", bindings(), { token: serviceToken });
    expect(whoami.parse(res.body)).toEqual({
      identity: { commonName: "88bf3b6d86161464f6509f7219099e57.access" },
      access: "verified",
    });
  });

  it("accepts an audience given as a string as well as a list", async () => {
    const res = await call(appWith(), "/api/whoami", bindings(), { token: await token({ claims: { aud: AUD } }) });
    expect(res.status).toBe(200);
  });
});

describe("refusals", () => {
  it("no token: 401 access_required on every route, the health route and unknown ones included", async () => {
    const app = appWith();
    for (const path of ["/api/health", "/api/whoami", "/api/environments", "/api/checks?env=demo", "/api/nope"]) {
      const message = await refused(app, path, bindings(), undefined, 401, "access_required");
      expect(message).toBe(
        "this API is behind Cloudflare Access and the request carried no Cf-Access-Jwt-Assertion: open the runbook through its Access-protected address",
      );
    }
  });

  it("nothing is probed before identity passes", async () => {
    const app = appWith();
    await refused(app, "/api/checks/api-plans/run?env=demo", bindings(), undefined, 401, "access_required");
    const post = { method: "POST", token: "garbage" };
    expect((await call(app, "/api/checks/api-plans/run?env=demo", bindings(), post)).status).toBe(401);
    expect((await call(app, "/api/verify?env=demo", bindings(), post)).status).toBe(401);
    expect((await call(app, "/api/demo/state", bindings(), { ...post, body: '{"mode":"down"}' })).status).toBe(401);
    expect(demo.server.state.counts).toEqual({});
    expect(demo.server.state.settings.mode).toBe("healthy");
  });

  it("garbage: 401 access_token_malformed", async () => {
    const app = appWith();
    for (const garbage of ["not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30"]) {
      const message = await refused(app, "/api/whoami", bindings(), garbage, 401, "access_token_malformed");
      expect(message).toBe("the Cf-Access-Jwt-Assertion header is not a well-formed JSON Web Token");
    }
  });

  it("signed by another key under a published kid: 401 access_signature_invalid", async () => {
    const forged = await accessToken({ key: stranger, audience: AUD });
    const message = await refused(appWith(), "/api/whoami", bindings(), forged, 401, "access_signature_invalid");
    expect(message).toBe("the Access token's signature does not match the team's signing key");
  });

  it("a token from another team: 401 access_issuer_invalid", async () => {
    const other = await token({ claims: { iss: "https://someone-else.cloudflareaccess.com" } });
    const message = await refused(appWith(), "/api/whoami", bindings(), other, 401, "access_issuer_invalid");
    expect(message).toBe("the Access token was issued by another team than ACCESS_TEAM_DOMAIN");
  });

  it("a token for another Access application: 401 access_audience_invalid, without naming the expected tag", async () => {
    const other = await token({ claims: { aud: [audienceTag()] } });
    const message = await refused(appWith(), "/api/whoami", bindings(), other, 401, "access_audience_invalid");
    expect(message).toBe("the Access token is for another Access application than ACCESS_AUD");
  });

  it("expired: 401 access_token_expired", async () => {
    const expired = await token({ claims: { iat: now() - 7200, nbf: now() - 7200, exp: now() - 600 } });
    const message = await refused(appWith(), "/api/whoami", bindings(), expired, 401, "access_token_expired");
    expect(message).toBe("the Access token has expired: reload the page to sign in again");
  });

  it("not yet valid: 401 access_token_not_yet_valid", async () => {
    const early = await token({ claims: { nbf: now() + 600 } });
    await refused(appWith(), "/api/whoami", bindings(), early, 401, "access_token_not_yet_valid");
  });

  it("without an expiry: 401 access_claims_invalid naming exp", async () => {
    const forever = await token({ claims: { exp: undefined } });
    const message = await refused(appWith(), "/api/whoami", bindings(), forever, 401, "access_claims_invalid");
    expect(message).toBe(`the Access token's "exp" claim is missing or invalid`);
  });

  it("not RS256 (HS256 keyed with anything, or unsigned): 401 access_algorithm_invalid", async () => {
    const claims = { aud: [AUD], iss: `https://${TEAM_DOMAIN}`, email: "mallory@example.com", exp: now() + 600 };
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "key-a" })
      .sign(new TextEncoder().encode("x".repeat(32)));
    await refused(appWith(), "/api/whoami", bindings(), hs256, 401, "access_algorithm_invalid");
    await refused(
      appWith(),
      "/api/whoami",
      bindings(),
      new UnsecuredJWT(claims).encode(),
      401,
      "access_algorithm_invalid",
    );
  });

  it("no email and no common_name: 401 access_identity_missing", async () => {
    const nobody = await token({ claims: { email: undefined } });
    await refused(appWith(), "/api/whoami", bindings(), nobody, 401, "access_identity_missing");
  });

  it("keys that cannot be fetched: 503 access_keys_unavailable, and still nothing probed", async () => {
    const env = bindings({ ACCESS_JWKS_URL: `http://127.0.0.1:${await closedPort()}/cdn-cgi/access/certs` });
    const message = await refused(
      appWith(),
      "/api/checks/api-plans/run?env=demo",
      env,
      await token(),
      503,
      "access_keys_unavailable",
    );
    expect(message).toBe(
      "could not load the Cloudflare Access signing keys of the team (ACCESS_TEAM_DOMAIN); try again shortly",
    );
    expect(demo.server.state.counts).toEqual({});
  });

  it("refusals carry the API's security headers and no-store", async () => {
    const res = await call(appWith(), "/api/health", bindings(), {});
    expect(res.status).toBe(401);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("key rotation", () => {
  it("an unknown kid is refused, then found once the team publishes it and the cooldown has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const app = appWith();
    expect((await call(app, "/api/whoami", bindings(), { token: await token() })).status).toBe(200);
    expect(jwks.fetches).toBeGreaterThan(0);
    const fetchesBefore = jwks.fetches;

    const rotated = await accessToken({ key: keyB, audience: AUD });
    const message = await refused(app, "/api/whoami", bindings(), rotated, 401, "access_key_unknown");
    expect(message).toBe("the Access token is signed with a key (kid) the team does not publish");
    // Just fetched: a forged kid cannot make the Function hammer the team's endpoint.
    expect(jwks.fetches).toBe(fetchesBefore);

    jwks.keys = [keyA, keyB];
    vi.setSystemTime(Date.now() + 31_000);
    const res = await call(app, "/api/whoami", bindings(), { token: await accessToken({ key: keyB, audience: AUD }) });
    expect(res.status, res.text).toBe(200);
    expect(jwks.fetches).toBe(fetchesBefore + 1);
    // The old key still works while both are published.
    expect((await call(app, "/api/whoami", bindings(), { token: await token() })).status).toBe(200);
  });
});

describe("configuration", () => {
  it("RUNBOOK_ACCESS=off lets requests through without a token and says so", async () => {
    const res = await call(appWith(), "/api/whoami", { RUNBOOK_ACCESS: "off" });
    expect(res.status).toBe(200);
    expect(whoami.parse(res.body)).toEqual({ identity: null, access: "off" });
  });

  it("not configured: every request fails closed with a 500 naming the bindings", async () => {
    const app = appWith();
    for (const path of ["/api/health", "/api/whoami", "/api/checks?env=demo"]) {
      const message = await refused(app, path, {}, await token(), 500, "access_not_configured");
      expect(message).toBe("set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or RUNBOOK_ACCESS=off for local development");
    }
    expect(
      await refused(
        app,
        "/api/health",
        { ACCESS_AUD: AUD, RUNBOOK_ACCESS: "on" },
        undefined,
        500,
        "access_not_configured",
      ),
    ).toBe(
      "ACCESS_TEAM_DOMAIN is not set: set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or RUNBOOK_ACCESS=off for local development",
    );
    expect(
      await refused(app, "/api/health", { ACCESS_TEAM_DOMAIN: TEAM_DOMAIN }, undefined, 500, "access_not_configured"),
    ).toBe("ACCESS_AUD is not set: set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or RUNBOOK_ACCESS=off for local development");
    expect(demo.server.state.counts).toEqual({});
  });

  it("a bad team domain, audience, switch or key-set URL: 500 naming the binding", async () => {
    const app = appWith();
    const bad = (extra: Record<string, string>) =>
      refused(app, "/api/health", bindings(extra), undefined, 500, "access_config_invalid");
    for (const domain of [
      "https://dashtray.cloudflareaccess.com",
      "dashtray",
      "dashtray.example.com",
      "evil.com/.cloudflareaccess.com",
    ])
      expect(await bad({ ACCESS_TEAM_DOMAIN: domain })).toBe(
        `ACCESS_TEAM_DOMAIN: expected the team domain alone, such as "dashtray.cloudflareaccess.com", got "${domain}"`,
      );
    expect(await bad({ ACCESS_AUD: "paste the AUD tag here" })).toBe(
      "ACCESS_AUD: expected the Access application's Audience (AUD) tag, letters and digits only (copy it from the application's Overview)",
    );
    expect(await bad({ RUNBOOK_ACCESS: "false" })).toBe('RUNBOOK_ACCESS: expected "on" or "off", got "false"');
    expect(await bad({ ACCESS_JWKS_URL: "https://dashtray.cloudflareaccess.com.evil.example/certs" })).toBe(
      'ACCESS_JWKS_URL: exists for tests only and must be an http(s) URL on a loopback address (127.0.0.1, [::1] or localhost), got "https://dashtray.cloudflareaccess.com.evil.example/certs"; leave it unset in production',
    );
  });

  it("the jwksUrl option does what the binding does, and is held to loopback too", async () => {
    const bare = (jwksUrl: string) =>
      new Hono()
        .use(cloudflareAccess({ jwksUrl }))
        .get("/", (c) => c.json({ identity: c.get("identity") }))
        .onError((error, c) =>
          error instanceof ApiFailure ? c.json(errorBody(error.code, error.message), error.status) : c.text("?", 500),
        );
    const env = { ACCESS_TEAM_DOMAIN: TEAM_DOMAIN, ACCESS_AUD: AUD };
    const ok = await bare(jwks.url).request("/", { headers: { "cf-access-jwt-assertion": await token() } }, env);
    expect(await ok.json()).toEqual({ identity: { email: "alice@dashtray.example" } });
    const remote = await bare("https://example.com/certs").request("/", {}, env);
    expect(remote.status).toBe(500);
    expect(((await remote.json()) as { error: { code: string } }).error.code).toBe("access_config_invalid");
  });
});

describe("the rate limiter keys on the verified identity", () => {
  it("gives each verified person their own quota and ignores a forged identity header", async () => {
    // No reuse: a reused answer would weigh nothing and the second press would not be refused.
    const app = appWith({ runsPerMinute: 1, reuseMs: 0 });
    const run = "/api/checks/api-plans/run?env=demo";
    const alice = await token();
    const bob = await token({ claims: { email: "bob@dashtray.example" } });
    expect((await call(app, run, bindings(), { method: "POST", token: alice })).status).toBe(200);
    expect((await call(app, run, bindings(), { method: "POST", token: alice })).status).toBe(429);
    const forged = {
      method: "POST",
      token: alice,
      headers: { "cf-access-authenticated-user-email": "carol@dashtray.example" },
    };
    expect((await call(app, run, bindings(), forged)).status).toBe(429);
    expect((await call(app, run, bindings(), { method: "POST", token: bob })).status).toBe(200);
  });
});
