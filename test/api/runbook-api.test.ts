import { afterEach, describe, expect, inject, it } from "vitest";
import { checkResult, verifyEvent } from "../../src/core/result.ts";
import { demoCounts, resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
afterEach(() => resetDemo());

async function json(path: string, init?: RequestInit) {
  const res = await fetch(`${site}${path}`, init);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe("the runbook API in workerd (wrangler pages dev)", () => {
  it("reports its own health: build version, config loaded, environments", async () => {
    const { res, body } = await json("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({
      ok: true,
      config: { loaded: true, environments: ["demo", "staging", "production"] },
      demo: true,
    });
    const runbook = body.runbook as { version: string; commit: string };
    expect(runbook.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runbook.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });

  it.each([
    ["GET", "/api/nope"],
    ["GET", "/api/checks/frontend/run/extra"],
    ["DELETE", "/api/health"],
  ])("answers %s %s with 404 JSON", async (method, path) => {
    const { res, body } = await json(path, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(body).toEqual({ error: { code: "not_found", message: `no API route ${method} ${path}` } });
  });

  it("lists the checks of an environment with the URLs they probe", async () => {
    const { res, body } = await json("/api/checks?env=demo");
    expect(res.status).toBe(200);
    const checks = body.checks as { id: string; url: string }[];
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(["frontend", "app-health", "api-plans", "convex-version"]),
    );
    for (const c of checks) expect(c.url.startsWith(inject("demoUrl"))).toBe(true);
  });

  it("runs a check against the demo and returns the typed result", async () => {
    const { res, body } = await json("/api/checks/frontend/run?env=demo", { method: "POST" });
    expect(res.status).toBe(200);
    const result = checkResult.parse(body);
    expect(result).toMatchObject({
      checkId: "frontend",
      environment: "demo",
      status: "pass",
      observed: { httpStatus: 200 },
    });
    expect(result.assertions.every((a) => a.status === "pass")).toBe(true);
  });

  it("reports fail with expected vs actual when the demo is down", async () => {
    await setDemo({ mode: "down" });
    const { body } = await json("/api/checks/frontend/run?env=demo", { method: "POST" });
    const result = checkResult.parse(body);
    expect(result.status).toBe("fail");
    expect(result.assertions).toContainEqual({
      label: "HTTP status",
      status: "fail",
      expected: "200–299",
      actual: "503",
    });
  });

  it("coalesces identical runs arriving together into one upstream probe", async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => json("/api/checks/app-health/run?env=demo", { method: "POST" })),
    );
    expect(runs.every((r) => r.res.status === 200)).toBe(true);
    expect((await demoCounts())["GET /api/health"]).toBe(1);
    expect(runs.filter((r) => r.body.cached === false)).toHaveLength(1);
  });

  it("streams verify-all as NDJSON ending in a summary against the success criteria", async () => {
    const res = await fetch(`${site}/api/verify?env=demo`, { method: "POST" });
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((line) => verifyEvent.parse(JSON.parse(line)));
    expect(events[0]?.type).toBe("start");
    expect(events.filter((e) => e.type === "result").length).toBeGreaterThanOrEqual(4);
    const last = events.at(-1);
    expect(last?.type).toBe("summary");
    if (last?.type === "summary") expect(last.summary.status).toBe("pass");
  });

  it.each([
    ["/api/checks", 400, "invalid_parameter", 'query parameter "env" is required'],
    ["/api/checks?env=../../etc", 400, "invalid_parameter", 'query parameter "env" must be an environment id'],
    [
      "/api/checks?env=qa",
      404,
      "unknown_environment",
      'environment "qa" is not configured here (available: demo, staging, production)',
    ],
    ["/api/checks?env=demo&env=production", 400, "invalid_parameter", "more than once"],
  ])("GET %s answers %i %s", async (path, status, code, message) => {
    const { res, body } = await json(path);
    expect(res.status).toBe(status);
    expect(body.error).toMatchObject({ code });
    expect((body.error as { message: string }).message).toContain(message);
  });

  it("refuses an unknown check and a body that tries to steer the probe, without probing", async () => {
    const unknown = await json("/api/checks/nope/run?env=demo", { method: "POST" });
    expect(unknown.res.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "unknown_check" });
    const steered = await json("/api/checks/frontend/run?env=demo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "http://169.254.169.254/" }),
    });
    expect(steered.res.status).toBe(400);
    expect(steered.body.error).toMatchObject({ code: "invalid_request" });
    expect(await demoCounts()).toEqual({});
  });
});
