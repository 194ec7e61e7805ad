import { afterAll, beforeAll, describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import * as actionShapes from "../../src/components/shared/action-shapes.ts";
import * as checkShapes from "../../src/components/shared/check-shapes.ts";
import * as monitorShapes from "../../src/components/shared/monitor-shapes.ts";
import { monitorView } from "../../src/components/shared/monitor-view-shape.ts";
import * as reportShapes from "../../src/components/shared/shapes.ts";
import * as verifyShapes from "../../src/components/shared/verify-shapes.ts";
import { watchVerdict } from "../../src/components/shared/watch-verdict-shape.ts";

const shapes = { ...reportShapes, ...checkShapes, ...verifyShapes };

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

  it("verify stream lines: every line of a real run passes the schema", async () => {
    const res = await app.request("/api/verify?env=demo", { method: "POST" }, bindings);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(result.verifyEvent.safeParse(line).success).toBe(true);
    }
    expect(result.verifyEvent.safeParse({ type: "unknown" }).success).toBe(false);
  });
});

// The monitor's and the rollback action's answers are plain types in `src/core` (no zod: the widgets
// ship those files); their guards are held to real answers of the routes, and refuse broken ones.
describe("client guards agree with the routes that have no zod schema", () => {
  const plain: [string, string, string, Parser][] = [
    ["monitorSeries (no watch yet)", "/api/monitor?env=demo", "GET", monitorShapes.monitorSeries],
    ["monitorSeries (a started watch)", "/api/monitor?env=demo", "POST", monitorShapes.monitorSeries],
    ["watchVerdict (the latest watch)", "/api/monitor?env=demo", "GET", watchVerdict],
    ["rollbackActionState", "/api/actions/rollback?env=demo", "GET", actionShapes.rollbackActionState],
  ];

  it.each(plain)("%s: a real answer passes", async (_name, path, method, guard) => {
    const res = await app.request(path, { method }, bindings);
    expect(res.status).toBeLessThan(300);
    expect(guard.safeParse(await res.json()).success).toBe(true);
  });

  it.each(plain)("%s: a broken answer fails", async (_name, path, method, guard) => {
    const body = (await (await app.request(path, { method }, bindings)).json()) as Record<string, unknown>;
    expect(guard.safeParse({ ...body, environment: 12345 }).success).toBe(false);
    expect(guard.safeParse("<!doctype html><title>Error</title>").success).toBe(false);
    expect(guard.safeParse(null).success).toBe(false);
  });

  it("monitorSample: a real sample answer passes; a broken sample fails", async () => {
    const started = (await (await app.request("/api/monitor?env=demo", { method: "POST" }, bindings)).json()) as {
      watch: { id: number };
    };
    const res = await app.request(
      `/api/monitor/sample?env=demo&watch=${started.watch.id}`,
      { method: "POST" },
      bindings,
    );
    const body = (await res.json()) as Record<string, unknown>;
    expect(monitorShapes.monitorSample.safeParse(body).success).toBe(true);
    expect(monitorShapes.monitorSample.safeParse({ ...body, sample: { slot: "first" } }).success).toBe(false);
  });

  it("watchVerdict: a recorded recommendation passes; a verdict of another shape fails", () => {
    const watch = { id: 1, verdict: { state: "rollback-recommended", at: "2026-12-06T09:00:00Z", reason: "p95" } };
    expect(watchVerdict.safeParse({ environment: "demo", watch }).success).toBe(true);
    expect(
      watchVerdict.safeParse({ environment: "demo", watch: { ...watch, verdict: { state: "maybe" } } }).success,
    ).toBe(false);
  });

  it("monitorView: the drawing of a real series passes; a broken one fails", async () => {
    const series = (await (await app.request("/api/monitor?env=demo", {}, bindings)).json()) as {
      watch: unknown;
      samples: unknown[];
    };
    const res = await app.request(
      "/api/monitor/view",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ watch: series.watch, samples: series.samples, timeZone: "Europe/Paris" }),
      },
      bindings,
    );
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(monitorView.safeParse(body).success).toBe(true);
    expect(monitorView.safeParse({ ...body, html: null }).success).toBe(false);
    expect(monitorView.safeParse({ ...body, outcome: "maybe" }).success).toBe(false);
  });

  it("rollbackEvent: the line types the press reads pass; others fail", () => {
    const ref = { id: "a1", shortId: "a1", createdOn: "2026-12-06T09:00:00Z" };
    expect(actionShapes.rollbackEvent.safeParse({ type: "rolled-back", live: ref }).success).toBe(true);
    expect(
      actionShapes.rollbackEvent.safeParse({ type: "result", outcome: "verified", headline: "h", next: "n" }).success,
    ).toBe(true);
    expect(actionShapes.rollbackEvent.safeParse({ type: "result", outcome: "maybe", headline: "h" }).success).toBe(
      false,
    );
    expect(actionShapes.rollbackEvent.safeParse({ type: "unknown" }).success).toBe(false);
  });
});
