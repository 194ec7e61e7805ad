import { describe, expect, it } from "vitest";
import { startDemoServer } from "../../src/demo/server.ts";
import { DEFAULT_SETTINGS } from "../../src/demo/settings.ts";
import { getJson, setState, useDemoServer } from "./demo-fixture.ts";

const demo = useDemoServer();
const SHA = /^[0-9a-f]{40}$/;

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; res: Response; text: string }> {
  const started = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  return { ms: performance.now() - started, res, text };
}

describe("demo server lifecycle", () => {
  it("listens on a random port of 127.0.0.1 and stops, even twice and with a hanging request open", async () => {
    const server = await startDemoServer({ port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const hanging = fetch(`${server.url}/__faults/hang`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await server.close();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });
});

describe("app endpoints (healthy)", () => {
  it("serves the app shell as HTML with the Dashtray title", async () => {
    const { res, text } = await timed(`${demo.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(text).toContain("<title>Dashtray</title>");
    expect(text).toContain("Dashtray (demo)");
  });

  it("reports the frontend build in /version.json", async () => {
    const { status, body } = await getJson(`${demo.url}/version.json`);
    expect(status).toBe(200);
    expect(body).toEqual({
      version: "2026.11.26-1",
      commit: "0559c70afe5688dad05ab9385da715d02493f9a1",
      builtAt: expect.any(String),
      environment: "demo",
    });
    expect(Number.isNaN(Date.parse(body.builtAt))).toBe(false);
  });

  it("answers /api/health as application/health+json with every check passing", async () => {
    const { status, headers, body } = await getJson(`${demo.url}/api/health`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/health+json");
    expect(body).toMatchObject({
      status: "pass",
      version: "2026.11.26-1",
      releaseId: "0559c70",
      description: "Dashtray",
    });
    expect(body.output).toBeUndefined();
    expect(Object.keys(body.checks)).toEqual([
      "convex:responseTime",
      "payments:oldestUnprocessedEvent",
      "email:delivery",
    ]);
    expect(body.checks["convex:responseTime"][0]).toMatchObject({
      componentType: "datastore",
      status: "pass",
      observedValue: 12,
      observedUnit: "ms",
    });
    for (const [name, list] of Object.entries(body.checks as Record<string, { status: string; time: string }[]>)) {
      expect(list[0]?.status, name).toBe("pass");
      expect(Number.isNaN(Date.parse(list[0]?.time ?? "")), name).toBe(false);
    }
  });

  it("lists plans as JSON", async () => {
    const { status, headers, body } = await getJson(`${demo.url}/api/plans`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json");
    expect(body.plans.map((p: { id: string }) => p.id)).toEqual(["free", "pro", "team"]);
    expect(body.plans[0]).toMatchObject({ id: "free", name: "Free", priceCents: 0 });
  });

  it("answers unknown paths with a JSON 404 and wrong methods with a 405", async () => {
    const missing = await getJson(`${demo.url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: "not_found", message: expect.stringContaining("/nope") });
    const wrongMethod = await getJson(`${demo.url}/api/health`, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    expect(wrongMethod.body.error.code).toBe("method_not_allowed");
  });
});

describe("modes", () => {
  it("degraded: health warns about payments webhooks, every third /api/plans fails, / still works", async () => {
    await setState(demo.url, { mode: "degraded" });
    const health = await getJson(`${demo.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("warn");
    expect(health.body.checks["payments:oldestUnprocessedEvent"][0]).toMatchObject({
      status: "warn",
      output: expect.stringContaining("delayed"),
    });
    expect(health.body.checks["convex:responseTime"][0].status).toBe("pass");
    expect(health.body.checks["email:delivery"][0].status).toBe("pass");

    const samples = [];
    for (let i = 0; i < 5; i++) samples.push(await getJson(`${demo.url}/api/plans`));
    expect(samples.map((s) => s.status)).toEqual([500, 200, 200, 500, 200]);
    expect(samples[0]?.headers.get("content-type")).toBe("application/json");
    expect(samples[0]?.body.error.code).toBe("internal_error");
    expect((await fetch(`${demo.url}/`)).status).toBe(200);
  });

  it("down: app and Convex endpoints answer a 503 HTML error page; control and stand-ins keep working", async () => {
    await setState(demo.url, { mode: "down" });
    for (const path of ["/", "/version.json", "/api/health", "/api/plans", "/convex/version"]) {
      const { res, text } = await timed(`${demo.url}${path}`);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("content-type"), path).toContain("text/html");
      expect(text, path).toContain("Error</span> <span>503</span> Service Unavailable");
      expect(text, path).not.toContain("<title>Dashtray");
    }
    const webhook = await fetch(`${demo.url}/convex/webhooks/dodopayments`, { method: "POST", body: "{}" });
    expect(webhook.status).toBe(503);
    expect((await fetch(`${demo.url}/__demo/state`)).status).toBe(200);
    expect((await fetch(`${demo.url}/github/repos/dashtray/dashtray/actions/runs`)).status).toBe(200);
    const cloudflare = await fetch(`${demo.url}/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray`, {
      headers: { authorization: "Bearer demo" },
    });
    expect(cloudflare.status).toBe(200);
    expect((await fetch(`${demo.url}/__faults/status/200`)).status).toBe(200);
  });

  it("slow: app and Convex endpoints wait slowMs and still pass; stand-ins do not wait", async () => {
    await setState(demo.url, { mode: "slow", slowMs: 300 });
    const health = await timed(`${demo.url}/api/health`);
    expect(health.ms).toBeGreaterThanOrEqual(290);
    expect(health.res.status).toBe(200);
    expect(JSON.parse(health.text).status).toBe("pass");
    expect((await timed(`${demo.url}/convex/version`)).ms).toBeGreaterThanOrEqual(290);
    expect((await timed(`${demo.url}/github/repos/dashtray/dashtray/actions/runs`)).ms).toBeLessThan(250);
  });

  it("healthy answers without the slow delay", async () => {
    await setState(demo.url, { slowMs: 400 });
    expect((await timed(`${demo.url}/api/health`)).ms).toBeLessThan(350);
  });

  it("latencyMs delays app, Convex and stand-ins but not control or fault endpoints", async () => {
    await setState(demo.url, { latencyMs: 300 });
    expect((await timed(`${demo.url}/`)).ms).toBeGreaterThanOrEqual(290);
    expect((await timed(`${demo.url}/convex/version`)).ms).toBeGreaterThanOrEqual(290);
    expect((await timed(`${demo.url}/github/repos/dashtray/dashtray/actions/runs`)).ms).toBeGreaterThanOrEqual(290);
    expect((await timed(`${demo.url}/__demo/state`)).ms).toBeLessThan(250);
    expect((await timed(`${demo.url}/__faults/html`)).ms).toBeLessThan(250);
  });
});

describe("scenarios seen by the app and Convex", () => {
  it("matched: Convex reports the frontend's commit", async () => {
    const frontend = await getJson(`${demo.url}/version.json`);
    const backend = await getJson(`${demo.url}/convex/version`);
    expect(backend.body).toEqual({
      commit: frontend.body.commit,
      builtAt: expect.any(String),
      deployment: "demo-dashtray-123",
    });
  });

  it("mismatch: Convex reports a different commit of the same history", async () => {
    await setState(demo.url, { versionScenario: "mismatch" });
    const frontend = await getJson(`${demo.url}/version.json`);
    const backend = await getJson(`${demo.url}/convex/version`);
    expect(backend.body.commit).toMatch(SHA);
    expect(backend.body.commit).not.toBe(frontend.body.commit);
    expect(backend.body.commit).toBe("2f0cebaac12792355e7914251a3e462b66116677");
  });

  it("rolled-back: the frontend serves the older release, and health reports it too", async () => {
    await setState(demo.url, { pagesScenario: "rolled-back" });
    const version = await getJson(`${demo.url}/version.json`);
    expect(version.body).toMatchObject({ version: "2026.11.24-1", commit: "29cb07959f28a797ccea7f1f91301aebdb910fe7" });
    const health = await getJson(`${demo.url}/api/health`);
    expect(health.body).toMatchObject({ version: "2026.11.24-1", releaseId: "29cb079" });
    // A Pages rollback leaves Convex where it is, on the newest commit, as with the real services.
    expect((await getJson(`${demo.url}/convex/version`)).body.commit).toBe("0559c70afe5688dad05ab9385da715d02493f9a1");
  });
});

describe("control endpoints", () => {
  it("reports the defaults", async () => {
    const { status, body } = await getJson(`${demo.url}/__demo/state`);
    expect(status).toBe(200);
    expect(body).toEqual({
      mode: "healthy",
      slowMs: 2500,
      latencyMs: 0,
      webhookVerification: "on",
      pagesScenario: "normal",
      versionScenario: "matched",
      cloudflareApi: "ok",
      githubApi: "ok",
      variablesScenario: "complete",
      dnsScenario: "correct",
      domainScenario: "active",
      buildScenario: "passing",
      gitScenario: "pushed",
      rollbackScenario: "page-1",
      newestDeploy: "good",
      convexCommit: null,
      rollbackAnswer: "normal",
      rollbackApplied: "yes",
      dispatchAnswer: "run-details",
      deployRun: "success",
      counts: {},
      webhookEvents: [],
      dispatchedRuns: [],
    });
  });

  it("applies a partial update and returns the new state", async () => {
    const res = await getJson(`${demo.url}/__demo/state`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "slow", slowMs: 100, pagesScenario: "rolled-back" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: "slow",
      slowMs: 100,
      latencyMs: 0,
      pagesScenario: "rolled-back",
      versionScenario: "matched",
    });
    expect(demo.server.state.settings.mode).toBe("slow");
  });

  it.each([
    [{ mode: "broken" }, "mode"],
    [{ slowMs: -1 }, "slowMs"],
    [{ latencyMs: 1.5 }, "latencyMs"],
    [{ webhookVerification: true }, "webhookVerification"],
    [{ pagesScenario: "rolled_back" }, "pagesScenario"],
    [{ versionScenario: "" }, "versionScenario"],
    [{ colour: "red" }, "colour"],
  ])("rejects %j with a 400 naming %s, and changes nothing", async (patch, field) => {
    const res = await getJson(`${demo.url}/__demo/state`, { method: "POST", body: JSON.stringify(patch) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    expect(demo.server.state.settings).toEqual(DEFAULT_SETTINGS);
  });

  it("rejects a body that is not a JSON object", async () => {
    for (const body of ["not json", "[]", ""]) {
      const res = await getJson(`${demo.url}/__demo/state`, { method: "POST", body });
      expect(res.status, body).toBe(400);
      expect(res.body.error.code, body).toBe("invalid_request");
      expect(res.body.error.message, body).toMatch(/^body: /);
    }
  });

  it("reset restores defaults and zeroes counts", async () => {
    await setState(demo.url, { mode: "down", latencyMs: 5, webhookVerification: "off" });
    await fetch(`${demo.url}/api/plans`);
    const res = await getJson(`${demo.url}/__demo/reset`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: "healthy", latencyMs: 0, webhookVerification: "on", counts: {} });
  });

  it("answers CORS preflights so the docs page can switch modes", async () => {
    const res = await fetch(`${demo.url}/__demo/state`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("counts requests per route key, leaving control and fault endpoints out", async () => {
    for (let i = 0; i < 3; i++) await fetch(`${demo.url}/api/health`);
    await fetch(`${demo.url}/convex/version`);
    await fetch(`${demo.url}/github/repos/dashtray/dashtray/compare/main...main`);
    await fetch(`${demo.url}/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray/domains`);
    await fetch(`${demo.url}/nowhere`);
    await fetch(`${demo.url}/__faults/html`);
    await fetch(`${demo.url}/__demo/state`);
    const { body } = await getJson(`${demo.url}/__demo/state`);
    expect(body.counts).toEqual({
      "GET /api/health": 3,
      "GET /convex/version": 1,
      "GET /github/repos/:owner/:repo/compare/*range": 1,
      "GET /cloudflare/client/v4/accounts/:account/pages/projects/:project/domains": 1,
      "GET (unmatched)": 1,
    });
    expect(demo.server.state.counts["GET /api/health"]).toBe(3);
  });
});

describe("fault endpoints", () => {
  it("/__faults/html answers 200 HTML", async () => {
    const res = await fetch(`${demo.url}/__faults/html`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
  });

  it("/__faults/bad-json answers 200 application/json that does not parse", async () => {
    const res = await fetch(`${demo.url}/__faults/bad-json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("/__faults/big streams 5 MiB by default and ?bytes=N otherwise, chunked unless ?length=1", async () => {
    const big = await fetch(`${demo.url}/__faults/big`);
    expect(big.headers.get("content-length")).toBeNull();
    expect((await big.arrayBuffer()).byteLength).toBe(5 * 1024 * 1024);
    const small = await fetch(`${demo.url}/__faults/big?bytes=70000&length=1`);
    expect(small.headers.get("content-length")).toBe("70000");
    expect((await small.arrayBuffer()).byteLength).toBe(70_000);
    expect((await fetch(`${demo.url}/__faults/big?bytes=-5`)).status).toBe(400);
  });

  it("/__faults/big stops streaming when the client gives up", async () => {
    const controller = new AbortController();
    const res = await fetch(`${demo.url}/__faults/big?bytes=${512 * 1024 * 1024}`, { signal: controller.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    controller.abort();
    await expect(reader?.read()).rejects.toThrow();
    // The server is still responsive afterwards.
    expect((await fetch(`${demo.url}/__faults/status/200`)).status).toBe(200);
  });

  it("/__faults/slow-body sends headers at once and the body over ?ms=", async () => {
    const started = performance.now();
    const res = await fetch(`${demo.url}/__faults/slow-body?ms=400`);
    const headersAt = performance.now() - started;
    const body = await res.json();
    const doneAt = performance.now() - started;
    expect(res.status).toBe(200);
    expect(headersAt).toBeLessThan(200);
    expect(doneAt).toBeGreaterThanOrEqual(340);
    expect(body.ok).toBe(true);
  });

  it("/__faults/hang never answers", async () => {
    await expect(fetch(`${demo.url}/__faults/hang`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /aborted|timeout/i,
    );
  });

  it("/__faults/redirect-loop redirects to itself", async () => {
    const res = await fetch(`${demo.url}/__faults/redirect-loop`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/__faults/redirect-loop");
    await expect(fetch(`${demo.url}/__faults/redirect-loop`)).rejects.toThrow();
  });

  it("/__faults/status/:code answers that status; a bad code is a 400", async () => {
    for (const code of [200, 204, 404, 418, 502, 599])
      expect((await fetch(`${demo.url}/__faults/status/${code}`)).status).toBe(code);
    expect((await fetch(`${demo.url}/__faults/status/99`)).status).toBe(400);
    expect((await fetch(`${demo.url}/__faults/status/abc`)).status).toBe(400);
  });

  it("/__faults/health/:status serves a health document with that status (503 for fail)", async () => {
    const fail = await getJson(`${demo.url}/__faults/health/fail`);
    expect(fail.status).toBe(503);
    expect(fail.headers.get("content-type")).toBe("application/health+json");
    expect(fail.body.status).toBe("fail");
    expect(fail.body.checks["payments:oldestUnprocessedEvent"][0].status).toBe("fail");
    expect((await getJson(`${demo.url}/__faults/health/warn`)).body.status).toBe("warn");
    expect((await fetch(`${demo.url}/__faults/health/ok`)).status).toBe(400);
  });
});
