import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { loadConfig } from "../../src/core/config/load.ts";
import { rollbackReport, versionReport } from "../../src/core/deploy/schemas.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { createApp } from "../../src/server/app.ts";
import { createRuntime } from "../../src/server/runtime.ts";

// The Hono app in Node against the real demo Dashtray: partial failures stay inside a 200 answer.
let demo: DemoServer;
let app: ReturnType<typeof createApp>;
const TOKENS = { DEMO_CLOUDFLARE_API_TOKEN: "demo-token-abc", DEMO_GITHUB_TOKEN: "gh-token-xyz" };

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  app = createApp(createRuntime({ loaded: loadConfig(rawConfig, { demoOrigin: demo.url }), demoOrigin: demo.url }));
});
afterAll(() => demo.close());
beforeEach(() => demo.state.reset());

async function get(path: string, env: Record<string, string> = TOKENS) {
  // Cloudflare Access is off here, as in `npm start` (access.test.ts covers it).
  const res = await app.request(path, {}, { RUNBOOK_ACCESS: "off", ...env });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

describe("GET /api/version and /api/rollback in Node", () => {
  it("answer in the shared schemas and never carry a token", async () => {
    const version = await get("/api/version?env=demo");
    const rollback = await get("/api/rollback?env=demo");
    expect(version.status).toBe(200);
    expect(versionReport.safeParse(version.body).success).toBe(true);
    expect(rollbackReport.safeParse(rollback.body).success).toBe(true);
    for (const text of [version.text, rollback.text]) {
      expect(text).not.toContain("demo-token-abc");
      expect(text).not.toContain("gh-token-xyz");
    }
    expect(version.body.status).toBe("in-sync");
  });

  it("no Cloudflare token: the Pages part says which variable to set, the versions still answer", async () => {
    const { status, body } = await get("/api/version?env=demo", { DEMO_GITHUB_TOKEN: "x" });
    expect(status).toBe(200);
    expect(body.status).toBe("incomplete");
    expect(body.frontend.ok).toBe(true);
    expect(body.backend.ok).toBe(true);
    expect(body.pages).toEqual({
      ok: false,
      error: {
        code: "missing_token",
        message:
          "No Cloudflare API token: set DEMO_CLOUDFLARE_API_TOKEN in .dev.vars (local) or in the Pages project's secrets (deployed), a token with Cloudflare Pages: Read.",
      },
    });
    const rollback = await get("/api/rollback?env=demo", { DEMO_GITHUB_TOKEN: "x" });
    expect(rollback.status).toBe(200);
    expect(rollback.body.convex.error.code).toBe("needs_pages");
    expect(rollback.body.git.error.message).toContain("set DEMO_CLOUDFLARE_API_TOKEN");
    expect(rollback.body.links.pagesProject).toBe(`${demo.url}/dashboards/cloudflare/demo-account/pages/view/dashtray`);
  });

  it("a token without Pages permission: 403 in the Pages part only", async () => {
    const { body } = await get("/api/version?env=demo", { ...TOKENS, DEMO_CLOUDFLARE_API_TOKEN: "forbidden-token" });
    expect(body.pages.error.code).toBe("forbidden");
    expect(body.deployRun.ok).toBe(true);
  });

  it("drift after a rollback with a mismatched backend", async () => {
    demo.state.update({ pagesScenario: "rolled-back", versionScenario: "mismatch" });
    const { body } = await get("/api/version?env=demo");
    expect(body.status).toBe("drift");
    expect(body.drift.map((d: { code: string }) => d.code)).toEqual([
      "frontend_backend_mismatch",
      "rolled_back",
      "staging_differs",
    ]);
  });

  it("unknown environment: 404 naming the ones there are; missing env: 400", async () => {
    const unknown = await get("/api/version?env=qa");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: {
        code: "unknown_environment",
        message: 'environment "qa" is not configured here (available: demo, staging, production)',
      },
    });
    const missing = await get("/api/rollback");
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("invalid_parameter");
  });
});
