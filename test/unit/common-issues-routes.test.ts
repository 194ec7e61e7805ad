import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { loadConfig } from "../../src/core/config/load.ts";
import { buildReport, configCheckReport, dnsReport, webhookProbeReport } from "../../src/core/incidents/schemas.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { DEMO_VALUE_MARKER } from "../../src/demo/variables.ts";
import { DEFAULT_WEBHOOK_SECRET } from "../../src/demo/webhooks.ts";
import { createApp } from "../../src/server/app.ts";
import { createRuntime } from "../../src/server/runtime.ts";

// The four routes through the Hono app in Node, against the real demo Dashtray.
let demo: DemoServer;
const BINDINGS = {
  RUNBOOK_ACCESS: "off",
  DEMO_CLOUDFLARE_API_TOKEN: "cf-token-abc",
  DEMO_GITHUB_TOKEN: "gh-token-xyz",
  DEMO_CONVEX_DEPLOY_KEY: "convex-key-123",
  DEMO_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
};

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(() => demo.close());
beforeEach(() => demo.state.reset());

function app(runsPerMinute = 1000) {
  return createApp(
    createRuntime({
      loaded: loadConfig(rawConfig, { demoOrigin: demo.url }),
      demoOrigin: demo.url,
      runsPerMinute,
      cache: null,
    }),
  );
}

async function call(path: string, init: RequestInit = {}, env: Record<string, string> = BINDINGS, a = app()) {
  const res = await a.request(path, init, env);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

const ROUTES = [
  ["GET", "/api/config-check?env=demo", configCheckReport],
  ["POST", "/api/webhooks/probe?env=demo", webhookProbeReport],
  ["GET", "/api/dns?env=demo", dnsReport],
  ["GET", "/api/build?env=demo", buildReport],
] as const;

describe("Common Issues routes in Node", () => {
  it("answer in the shared schemas, and carry no token, no secret and no variable value", async () => {
    demo.state.update({ variablesScenario: "missing" });
    for (const [method, path, schema] of ROUTES) {
      const { status, text, body } = await call(path, { method });
      expect(status, path).toBe(200);
      expect(schema.safeParse(body).success, path).toBe(true);
      for (const secret of [
        DEMO_VALUE_MARKER,
        "cf-token-abc",
        "gh-token-xyz",
        "convex-key-123",
        DEFAULT_WEBHOOK_SECRET.slice(6),
      ])
        expect(text, `${path} leaks ${secret}`).not.toContain(secret);
    }
  });

  it("config check without the Convex key: that place is unread with the command to run; the rest still answers", async () => {
    const { DEMO_CONVEX_DEPLOY_KEY: _, ...withoutKey } = BINDINGS;
    const { body } = await call("/api/config-check?env=demo", {}, withoutKey);
    const report = configCheckReport.parse(body);
    const convex = report.groups.find((g) => g.group === "convex");
    expect(convex?.result).toMatchObject({ ok: false, error: { code: "missing_token" } });
    expect(convex?.commands[0]?.command).toBe("npx convex env list --deployment demo-dashtray-123 | cut -d= -f1");
    expect(convex?.links[0]?.href).toBe(
      `${demo.url}/dashboards/convex/d/demo-dashtray-123/settings/environment-variables`,
    );
    const fn = report.groups.find((g) => g.group === "function");
    expect(fn?.result.ok && fn.result.data.find((v) => v.name === "DEMO_CONVEX_DEPLOY_KEY")).toMatchObject({
      present: false,
    });
    expect(report.status).toBe("missing");
  });

  it("the probe takes no body and no other query parameter; a GET is not the probe", async () => {
    const withBody = await call("/api/webhooks/probe?env=demo", {
      method: "POST",
      body: '{"url":"https://evil.example"}',
    });
    expect(withBody.status).toBe(400);
    expect(withBody.body.error.code).toBe("invalid_request");
    const steered = await call("/api/webhooks/probe?env=demo&url=https://evil.example", { method: "POST" });
    expect(steered.status).toBe(400);
    expect(steered.body.error.message).toContain('query parameter "url" is not accepted here');
    expect((await call("/api/webhooks/probe?env=demo")).status).toBe(404);
    expect(demo.state.counts["POST /convex/webhooks/dodopayments"]).toBeUndefined();
  });

  it("rate-limited like runs: the third probe in a minute is a 429 with Retry-After, and sends nothing", async () => {
    const limited = app(2);
    expect((await call("/api/webhooks/probe?env=demo", { method: "POST" }, BINDINGS, limited)).status).toBe(200);
    expect((await call("/api/webhooks/probe?env=demo", { method: "POST" }, BINDINGS, limited)).status).toBe(200);
    const before = demo.state.counts["POST /convex/webhooks/dodopayments"];
    const res = await limited.request("/api/webhooks/probe?env=demo", { method: "POST" }, BINDINGS);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(demo.state.counts["POST /convex/webhooks/dodopayments"]).toBe(before);
  });

  it("an environment without the part configured says which field is missing", async () => {
    const config = structuredClone(rawConfig) as { environments: { demo: Record<string, unknown> } };
    delete config.environments.demo.webhooks;
    delete config.environments.demo.dns;
    const bare = createApp(
      createRuntime({ loaded: loadConfig(config, { demoOrigin: demo.url }), demoOrigin: demo.url, cache: null }),
    );
    const probe = await call("/api/webhooks/probe?env=demo", { method: "POST" }, BINDINGS, bare);
    expect(probe).toMatchObject({
      status: 404,
      body: {
        error: {
          code: "not_configured",
          message: 'environment "demo" has no webhooks settings in runbook.config.json',
        },
      },
    });
    const dns = await call("/api/dns?env=demo", {}, BINDINGS, bare);
    expect(dns.body.error.message).toBe('environment "demo" has no dns settings in runbook.config.json');
  });
});
