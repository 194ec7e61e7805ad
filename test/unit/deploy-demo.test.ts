import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { loadConfig } from "../../src/core/config/load.ts";
import { rollbackReport } from "../../src/core/deploy/schemas.ts";
import { demoTime } from "../../src/demo/clock.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { createApp } from "../../src/server/app.ts";
import { createRuntime } from "../../src/server/runtime.ts";

// What the demo Dashtray adds for the version panel and rollback links: staging, and a rollback endpoint.
let demo: DemoServer;
const PROJECT = "/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray";
const HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(() => demo.close());
beforeEach(() => demo.state.reset());

function rollbackTo(id: string, token = "demo-token") {
  return fetch(`${demo.url}${PROJECT}/deployments/${id}/rollback`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
}

describe("demo staging", () => {
  it("serves main's head as its frontend version, in every Pages scenario", async () => {
    for (const pagesScenario of ["normal", "rolled-back"] as const) {
      demo.state.update({ pagesScenario });
      const res = await fetch(`${demo.url}/staging/version.json`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        version: "2026.11.26-1",
        commit: HEAD,
        builtAt: demoTime("2026-11-26T09:01:12Z"),
        environment: "staging",
      });
    }
  });
});

describe("demo Pages rollback endpoint", () => {
  it("rolls back to the deployment before the newest and forward again, in the documented envelope", async () => {
    const back = await rollbackTo("54035b60-8935-4af3-8315-b5c5f41b494d");
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({
      success: true,
      result: { id: "54035b60-8935-4af3-8315-b5c5f41b494d", environment: "production" },
    });
    expect(demo.state.settings.pagesScenario).toBe("rolled-back");
    expect((await rollbackTo("3b3ecbb2-408c-431a-a6eb-eea7410dcb9f")).status).toBe(200);
    expect(demo.state.settings.pagesScenario).toBe("normal");
  });

  it("refuses what the demo cannot serve, an unknown deployment, and a missing or forbidden token", async () => {
    const older = await rollbackTo("ca94f0eb-4a61-460c-9ce8-384eb946d55d");
    expect(older.status).toBe(400);
    expect((await older.json()).errors[0].message).toContain("The demo can only serve");
    expect((await rollbackTo("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await fetch(`${demo.url}${PROJECT}/deployments/x/rollback`, { method: "POST" })).status).toBe(401);
    expect((await rollbackTo("54035b60-8935-4af3-8315-b5c5f41b494d", "forbidden-token")).status).toBe(403);
    expect(demo.state.settings.pagesScenario).toBe("normal");
  });

  it("the rollback command the runbook shows for the demo works as shown", async () => {
    const app = createApp(
      createRuntime({ loaded: loadConfig(rawConfig, { demoOrigin: demo.url }), demoOrigin: demo.url }),
    );
    const env = { RUNBOOK_ACCESS: "off", DEMO_CLOUDFLARE_API_TOKEN: "demo-token", DEMO_GITHUB_TOKEN: "demo-token" };
    const report = rollbackReport.parse(await (await app.request("/api/rollback?env=demo", {}, env)).json());
    if (!report.pages.ok) throw new Error(report.pages.error.message);
    const command = report.pages.data.commands[0]?.command ?? "";
    const url = /\s(http\S+\/rollback)$/.exec(command)?.[1];
    expect(url).toBe(`${demo.url}${PROJECT}/deployments/54035b60-8935-4af3-8315-b5c5f41b494d/rollback`);
    expect(command).toContain('-X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN"');
    expect((await fetch(url ?? "", { method: "POST", headers: { authorization: "Bearer any-token" } })).status).toBe(
      200,
    );
    const after = rollbackReport.parse(await (await app.request("/api/rollback?env=demo", {}, env)).json());
    expect(after.pages.ok && after.pages.data.rolledBack).toBe(true);
  });
});
