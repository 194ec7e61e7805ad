import { afterAll, beforeAll, describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import * as checkShapes from "../../src/components/shared/check-shapes.ts";
import * as reportShapes from "../../src/components/shared/shapes.ts";

const shapes = { ...reportShapes, ...checkShapes };

import { loadConfig } from "../../src/core/config/load.ts";
import * as deploy from "../../src/core/deploy/schemas.ts";
import * as incidents from "../../src/core/incidents/schemas.ts";
import * as result from "../../src/core/result.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { DEFAULT_WEBHOOK_SECRET } from "../../src/demo/webhooks.ts";
import { createApp } from "../../src/server/app.ts";
import { createRuntime } from "../../src/server/runtime.ts";

// The widgets check answers with small guards instead of shipping zod; these tests hold each guard to
// its zod schema on real answers of the app (Node, real demo), and show each guard refuses a broken one.
let demo: DemoServer;
let app: ReturnType<typeof createApp>;
const bindings = {
  RUNBOOK_ACCESS: "off",
  DEMO_CLOUDFLARE_API_TOKEN: "demo-token",
  DEMO_GITHUB_TOKEN: "demo-token",
  DEMO_CONVEX_DEPLOY_KEY: "demo-token",
  DEMO_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
};

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  app = createApp(createRuntime({ loaded: loadConfig(rawConfig, { demoOrigin: demo.url }), demoOrigin: demo.url }));
});
afterAll(() => demo.close());

async function answer(path: string, method = "GET"): Promise<unknown> {
  const res = await app.request(path, { method }, bindings);
  return res.json();
}

interface Parser {
  safeParse(value: unknown): { success: boolean };
}

const cases: [string, string, string, Parser, Parser][] = [
  ["checkResult", "/api/checks/frontend/run?env=demo", "POST", result.checkResult, shapes.checkResult],
  [
    "environmentList",
    "/api/environments",
    "GET",
    {
      safeParse: (v) => ({
        success:
          Array.isArray((v as { environments: unknown }).environments) &&
          (v as { environments: unknown[] }).environments.every((e) => result.environmentSummary.safeParse(e).success),
      }),
    },
    shapes.environmentList,
  ],
  ["whoami", "/api/whoami", "GET", result.whoami, shapes.whoami],
  ["versionReport", "/api/version?env=demo", "GET", deploy.versionReport, shapes.versionReport],
  ["rollbackReport", "/api/rollback?env=demo", "GET", deploy.rollbackReport, shapes.rollbackReport],
  ["configCheckReport", "/api/config-check?env=demo", "GET", incidents.configCheckReport, shapes.configCheckReport],
  [
    "webhookProbeReport",
    "/api/webhooks/probe?env=demo",
    "POST",
    incidents.webhookProbeReport,
    shapes.webhookProbeReport,
  ],
  ["dnsReport", "/api/dns?env=demo", "GET", incidents.dnsReport, shapes.dnsReport],
  ["buildReport", "/api/build?env=demo", "GET", incidents.buildReport, shapes.buildReport],
  ["apiError", "/api/checks/nope/run?env=demo", "POST", result.apiError, shapes.apiError],
  [
    "checkList",
    "/api/checks?env=demo",
    "GET",
    {
      safeParse: (v) => ({
        success:
          typeof (v as { environment: unknown }).environment === "string" &&
          (v as { checks: unknown[] }).checks.every((c) => result.checkSummary.safeParse(c).success),
      }),
    },
    shapes.checkList,
  ],
  ["verifyPart", "/api/verify/checks/frontend?env=demo", "POST", result.verifyPart, shapes.verifyPart],
];

describe("client guards agree with the zod contract", () => {
  it.each(cases)("%s: a real answer passes both", async (_name, path, method, schema, guard) => {
    const body = await answer(path, method);
    expect(schema.safeParse(body).success).toBe(true);
    expect(guard.safeParse(body).success).toBe(true);
  });

  it.each(cases)("%s: a broken answer fails both", async (_name, path, method, schema, guard) => {
    const body = (await answer(path, method)) as Record<string, unknown>;
    // Every guarded answer has a load-bearing first field; replacing it with a number breaks the contract.
    const [first] = Object.keys(body);
    const broken = { ...body, [first as string]: 12345 };
    expect(schema.safeParse(broken).success).toBe(false);
    expect(guard.safeParse(broken).success).toBe(false);
    expect(guard.safeParse("<!doctype html><title>Error</title>").success).toBe(false);
    expect(guard.safeParse(null).success).toBe(false);
  });

  it("verify stream lines: every line of a real run passes both", async () => {
    const res = await app.request("/api/verify?env=demo", { method: "POST" }, bindings);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(result.verifyEvent.safeParse(line).success).toBe(true);
      expect(shapes.verifyEvent.safeParse(line).success).toBe(true);
    }
    expect(shapes.verifyEvent.safeParse({ type: "summary", summary: { status: "maybe" } }).success).toBe(false);
    expect(shapes.verifyEvent.safeParse({ type: "unknown" }).success).toBe(false);
  });
});
