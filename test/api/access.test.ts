/**
 * Cloudflare Access in the real Function (workerd via `wrangler pages dev`), on a stack of its own
 * with Access turned on. workerd cannot reach `*.cloudflareaccess.com`, so the test-only binding
 * `ACCESS_JWKS_URL` points it at a local JWKS server standing in for the team's certs endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { whoami } from "../../src/core/result.ts";
import { accessToken, audienceTag, type JwksServer, type SigningKey, startAccessStack } from "../support/access.ts";
import { openBrowser } from "../support/browser.ts";

const AUD = audienceTag();
let key: SigningKey;
let jwks: JwksServer;
let stack: Stack;
const stacks: Stack[] = [];

beforeAll(async () => {
  ({ key, jwks, stack } = await startAccessStack(AUD));
  stacks.push(stack);
});
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
  await jwks?.close();
});
beforeEach(() => stack.demo?.state.reset());

const demoRequests = () => Object.values(stack.demo?.state.counts ?? {}).reduce((a, b) => a + b, 0);

async function api(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("cf-access-jwt-assertion", token);
  const res = await fetch(`${stack.url}${path}`, { ...init, headers });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: JSON.parse(text) as { error?: { code: string; message: string } },
  };
}

describe("Cloudflare Access in workerd", () => {
  it("answers 401 without a token, on health too, and the demo sees no request", async () => {
    for (const [path, method] of [
      ["/api/health", "GET"],
      ["/api/checks/frontend/run?env=demo", "POST"],
      ["/api/verify?env=demo", "POST"],
      ["/api/version?env=demo", "GET"],
    ] as const) {
      const res = await api(path, undefined, { method });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(401);
      expect(res.body.error?.code).toBe("access_required");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const forged = await api("/api/checks/frontend/run?env=demo", "not.a.token", { method: "POST" });
    expect(forged.body.error?.code).toBe("access_token_malformed");
    expect(demoRequests()).toBe(0);
  });

  it("answers 200 with a valid token, fetching the keys from the JWKS server, and knows who asked", async () => {
    const token = await accessToken({ key, audience: AUD });
    const health = await api("/api/health", token);
    expect(health.status, health.text).toBe(200);
    expect(jwks.fetches).toBeGreaterThan(0);
    expect(whoami.parse((await api("/api/whoami", token)).body)).toEqual({
      identity: { email: "alice@dashtray.example" },
      access: "verified",
    });
    const run = await api("/api/checks/frontend/run?env=demo", token, { method: "POST" });
    expect(run.status, run.text).toBe(200);
    expect(demoRequests()).toBeGreaterThan(0);
  });

  it("refuses a token for another Access application without naming the expected tag", async () => {
    const other = await accessToken({ key, audience: audienceTag() });
    const res = await api("/api/health", other);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("access_audience_invalid");
    expect(res.text).not.toContain(AUD);
  });

  it("shows the verified identity in the header of the site", async () => {
    const browser = await openBrowser();
    try {
      // What the Access edge does for a signed-in reader: the assertion on every request.
      await browser.context.setExtraHTTPHeaders({
        "cf-access-jwt-assertion": await accessToken({ key, audience: AUD }),
      });
      await browser.page.goto(`${stack.url}/deploy/4-verify-deployment/`);
      const identity = browser.page.getByRole("banner").locator("runbook-env-picker [data-identity]");
      await expect.poll(() => identity.innerText()).toBe("Signed in as alice@dashtray.example");
    } finally {
      await browser.close();
    }
  });

  it("fails closed when Access is on but not configured", async () => {
    const bare = await startStack({ port: 0, demoPort: 0, build: false, bindings: { RUNBOOK_ACCESS: "on" } });
    stacks.push(bare);
    const res = await fetch(`${bare.url}/api/health`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: "access_not_configured",
        message: "set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or RUNBOOK_ACCESS=off for local development",
      },
    });
  });
});
