/**
 * The runbook API through its public door only: build the app, `app.request(path, init, env)`, and
 * read status, headers and JSON, with a real demo Dashtray behind it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { smokeChecks } from "../../src/core/checks/run.ts";
import { apiError, checkResult, type VerifyEvent, verifyEvent, verifyPart } from "../../src/core/result.ts";
import { createApp } from "../../src/server/app.ts";
import { clientKey } from "../../src/server/middleware/limit-runs.ts";
import { createRuntime, type RuntimeOptions } from "../../src/server/runtime.ts";
import { demoEnvironment, loadRealConfig } from "./support/config.ts";
import { useDemo } from "./support/demo.ts";

const demo = useDemo();
// Cloudflare Access is tested in access.test.ts; here it is off, as in `npm start`.
const BINDINGS = { RUNBOOK_ACCESS: "off" };

/** The app over the real config, with the demo environment unless `demo: false`. */
function appWith(options: Partial<RuntimeOptions> & { demo?: boolean } = {}) {
  const demoOrigin = options.demo === false ? undefined : demo.url;
  return createApp(
    createRuntime({
      loaded: loadRealConfig(demoOrigin),
      demoOrigin,
      fetch: (input, init) => fetch(input, init),
      ...options,
    }),
  );
}

type App = ReturnType<typeof appWith>;

async function call(app: App, path: string, init: RequestInit = {}) {
  const res = await app.request(path, init, BINDINGS);
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read ad-hoc fields; the shapes that matter are parsed with the shared schemas.
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as any) : undefined };
}

/** Asserts the API's error shape and returns it. */
async function failure(app: App, path: string, init: RequestInit, status: number, code: string) {
  const res = await call(app, path, init);
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = apiError.parse(res.body);
  expect(body.error.code).toBe(code);
  return { ...res, message: body.error.message };
}

const run = (check: string, env = "demo") => `/api/checks/${check}/run?env=${env}`;
const POST: RequestInit = { method: "POST" };
const planRequests = () => demo.server.state.counts["GET /api/plans"] ?? 0;

describe("routing and parameters", () => {
  it("an unknown route is a JSON 404 that names it", async () => {
    const res = await failure(appWith(), "/api/nope?env=demo", {}, 404, "not_found");
    expect(res.message).toBe("no API route GET /api/nope");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("a missing, malformed or repeated `env` is a 400 that names it", async () => {
    const app = appWith();
    expect((await failure(app, "/api/checks", {}, 400, "invalid_parameter")).message).toBe(
      'query parameter "env" is required, e.g. ?env=demo',
    );
    expect((await failure(app, "/api/checks?env=Prod%20uction", {}, 400, "invalid_parameter")).message).toBe(
      'query parameter "env" must be an environment id such as "production", got "Prod uction"',
    );
    expect((await failure(app, "/api/checks?env=demo&env=production", {}, 400, "invalid_parameter")).message).toBe(
      'query parameter "env" was given more than once',
    );
    expect((await failure(app, "/api/checks/api-plans/run", POST, 400, "invalid_parameter")).message).toContain(
      '"env"',
    );
    expect((await failure(app, "/api/verify?env=", POST, 400, "invalid_parameter")).message).toContain('"env"');
  });

  it("an environment that is not configured is a 404 listing the ones that are", async () => {
    expect((await failure(appWith(), "/api/checks?env=qa", {}, 404, "unknown_environment")).message).toBe(
      'environment "qa" is not configured here (available: demo, staging, production)',
    );
    expect((await failure(appWith({ demo: false }), run("api-plans"), POST, 404, "unknown_environment")).message).toBe(
      'environment "demo" is not configured here (available: staging, production)',
    );
  });

  it("an unknown check is a 404 listing the defined ones; a malformed id is a 400 naming `id`", async () => {
    const { message } = await failure(appWith(), run("nope"), POST, 404, "unknown_check");
    const ids = demoEnvironment(demo.url).checks.map((c) => c.id);
    expect(message).toBe(`check "nope" is not defined for environment "demo" (defined: ${ids.join(", ")})`);
    expect((await failure(appWith(), run("Api_Plans"), POST, 400, "invalid_parameter")).message).toContain('"id"');
  });

  it("a run refuses any request body, and nothing is probed", async () => {
    const app = appWith();
    const body = JSON.stringify({ url: "http://169.254.169.254/latest/meta-data" });
    const withJson = { method: "POST", headers: { "content-type": "application/json" }, body };
    expect((await failure(app, run("api-plans"), withJson, 400, "invalid_request")).message).toBe(
      "this endpoint takes no request body: checks are defined in runbook.config.json only",
    );
    await failure(app, run("api-plans"), { method: "POST", body: "x" }, 400, "invalid_request");
    await failure(app, "/api/verify?env=demo", withJson, 400, "invalid_request");
    expect(demo.server.state.counts).toEqual({});
  });

  it("lists environments and checks without probing anything", async () => {
    const app = appWith();
    const envs = await call(app, "/api/environments");
    expect(envs.body).toMatchObject({ default: "demo" });
    expect(envs.body.environments.map((e: { id: string }) => e.id)).toEqual(["demo", "staging", "production"]);
    const checks = await call(app, "/api/checks?env=demo");
    expect(checks.status).toBe(200);
    expect(checks.body.checks.find((c: { id: string }) => c.id === "api-plans")).toMatchObject({
      url: `${demo.url}/api/plans`,
      method: "GET",
      smoke: true,
    });
    expect((await call(appWith({ demo: false }), "/api/environments")).body.default).toBe("staging");
    expect(demo.server.state.counts).toEqual({});
  });
});

describe("running a check", () => {
  it("answers a typed result with no-store caching", async () => {
    const res = await call(appWith(), run("api-plans"), POST);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const result = checkResult.parse(res.body);
    expect(result).toMatchObject({ checkId: "api-plans", environment: "demo", status: "pass", cached: false });
    expect(result.request).toEqual({ method: "GET", url: `${demo.url}/api/plans` });
  });

  it("coalesces identical runs arriving together into one request upstream", async () => {
    demo.server.state.update({ latencyMs: 150 });
    const app = appWith();
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(app, run("api-plans"), POST)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(planRequests()).toBe(1);
    expect(answers.filter((a) => a.body.cached === false)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.checkedAt)).size).toBe(1);
  });

  it("reuses a finished answer within the reuse window and not after it", async () => {
    let t = 1_000_000;
    const app = appWith({ reuseMs: 5_000, now: () => t });
    expect((await call(app, run("api-plans"), POST)).body.cached).toBe(false);
    expect(planRequests()).toBe(1);
    t += 4_999;
    expect((await call(app, run("api-plans"), POST)).body.cached).toBe(true);
    expect(planRequests()).toBe(1);
    t += 1;
    expect((await call(app, run("api-plans"), POST)).body.cached).toBe(false);
    expect(planRequests()).toBe(2);
  });

  it("keeps answers per environment and check", async () => {
    const app = appWith();
    await call(app, run("api-plans"), POST);
    await call(app, run("frontend"), POST);
    expect(planRequests()).toBe(1);
    expect(demo.server.state.counts["GET /"]).toBe(1);
  });

  it("rate-limits runs per client with 429 and Retry-After, and the window slides", async () => {
    let t = 0;
    const app = appWith({ runsPerMinute: 2, reuseMs: 0, now: () => t });
    const alice = { method: "POST", headers: { "cf-connecting-ip": "192.0.2.1" } };
    expect((await call(app, run("api-plans"), alice)).status).toBe(200);
    t = 30_000;
    expect((await call(app, run("frontend"), alice)).status).toBe(200);
    const limited = await failure(app, run("api-plans"), alice, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(limited.message).toBe("too many runs from you in the last minute; try again in 30 s");
    // Listing is not a run.
    expect((await call(app, "/api/checks?env=demo", { headers: alice.headers })).status).toBe(200);
    // With Access off a client-sent CF-Connecting-IP names nobody: it is still this machine's quota.
    const spoofed = { method: "POST", headers: { "cf-connecting-ip": "192.0.2.2" } };
    await failure(app, run("api-plans"), spoofed, 429, "rate_limited");
    // The first run leaves the window after a minute.
    t = 60_000;
    expect((await call(app, run("api-plans"), alice)).status).toBe(200);
    expect((await failure(app, run("api-plans"), alice, 429, "rate_limited")).headers.get("retry-after")).toBe("30");
  });

  it("a press within the reuse window weighs nothing: the reader is never refused for probes that did not happen", async () => {
    let t = 0;
    const app = appWith({ runsPerMinute: 1, reuseMs: 5_000, now: () => t });
    expect((await call(app, run("api-plans"), POST)).body.cached).toBe(false);
    for (let i = 0; i < 5; i += 1) {
      t += 500;
      expect((await call(app, run("api-plans"), POST)).body.cached).toBe(true);
    }
    expect(planRequests()).toBe(1);
    // Another check would probe: that one is over the limit.
    await failure(app, run("frontend"), POST, 429, "rate_limited");
  });

  it("keys a reader by the address Cloudflare saw only when the request came through Cloudflare", () => {
    const via = (url: string, cf: unknown) => {
      const request = new Request(url, { headers: { "cf-connecting-ip": "192.0.2.7" } });
      if (cf !== undefined) Object.defineProperty(request, "cf", { value: cf });
      return request;
    };
    expect(clientKey(null, via("https://runbook.example/api/x", { colo: "AMS" }))).toBe("ip:192.0.2.7");
    // wrangler pages dev: a placeholder request.cf, on a loopback name.
    expect(clientKey(null, via("http://127.0.0.1:8788/api/x", { colo: "DFW" }))).toBe("local");
    expect(clientKey(null, via("https://runbook.example/api/x", undefined))).toBe("local");
    expect(clientKey({ email: "ana@dashtray.example" } as never, via("http://127.0.0.1/api/x", undefined))).toBe(
      "user:ana@dashtray.example",
    );
  });

  it("a verify-all press that starts a run counts for every probe it will make; one joining a run counts nothing", async () => {
    let t = 0;
    // 4 smoke checks x 5 samples: 20 probes a run.
    const app = appWith({ runsPerMinute: 30, reuseMs: 0, now: () => t });
    const alice = { method: "POST", headers: { "cf-connecting-ip": "192.0.2.1" } };
    demo.server.state.update({ latencyMs: 100 });
    // The stream's headers come at once; the run goes on behind them, so the second press joins it.
    const first = await app.request("/api/verify?env=demo", alice, BINDINGS);
    const joined = await app.request("/api/verify?env=demo", alice, BINDINGS);
    expect([first.status, joined.status]).toEqual([200, 200]);
    expect(await joined.text()).toBe(await first.text());
    t = 10_000;
    // 20 counted (joining cost nothing upstream): another run of 20 does not fit in 30, ten single runs do.
    const limited = await failure(app, "/api/verify?env=demo", alice, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toBe("50");
    for (let i = 0; i < 10; i += 1) expect((await call(app, run("frontend"), alice)).status).toBe(200);
    await failure(app, run("frontend"), alice, 429, "rate_limited");
  });
});

describe("demo routes", () => {
  it("do not exist without a demo origin", async () => {
    const app = appWith({ demo: false });
    const { message } = await failure(app, "/api/demo/state", {}, 404, "demo_disabled");
    expect(message).toBe("this deployment of the runbook has no demo environment");
    const change = { method: "POST", headers: { "content-type": "application/json" }, body: '{"mode":"down"}' };
    await failure(app, "/api/demo/state", change, 404, "demo_disabled");
    await failure(app, "/api/demo/reset", POST, 404, "demo_disabled");
    expect(demo.server.state.settings.mode).toBe("healthy");
  });

  it("read and switch the demo's mode, validating the change", async () => {
    const app = appWith();
    expect((await call(app, "/api/demo/state")).body).toMatchObject({ mode: "healthy" });
    const change = (body: string) => ({ method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await call(app, "/api/demo/state", change('{"mode":"slow","slowMs":300}'))).status).toBe(200);
    expect(demo.server.state.settings).toMatchObject({ mode: "slow", slowMs: 300 });
    expect(
      (await failure(app, "/api/demo/state", change('{"mode":"on fire"}'), 400, "invalid_request")).message,
    ).toMatch(/^mode: /);
  });
});

describe("POST /api/verify", () => {
  async function verify(app: App): Promise<{ contentType: string | null; events: VerifyEvent[] }> {
    const res = await app.request("/api/verify?env=demo", POST, BINDINGS);
    expect(res.status).toBe(200);
    const lines = (await res.text()).split("\n");
    expect(lines.pop(), "the stream ends with a newline").toBe("");
    return {
      contentType: res.headers.get("content-type"),
      events: lines.map((line) => verifyEvent.parse(JSON.parse(line))),
    };
  }

  it("streams NDJSON: a start line, one result per smoke check, then the summary", async () => {
    const { contentType, events } = await verify(appWith());
    expect(contentType).toBe("application/x-ndjson; charset=utf-8");
    const ids = smokeChecks(demoEnvironment(demo.url)).map((c) => c.id);
    const [start, ...rest] = events;
    const summary = rest.pop();
    expect(start).toEqual({ type: "start", environment: "demo", checks: expect.any(Array) });
    expect(start?.type === "start" && start.checks.map((c) => c.id)).toEqual(ids);
    expect(rest.map((e) => e.type)).toEqual(ids.map(() => "result"));
    expect(rest.map((e) => (e.type === "result" ? e.result.checkId : "")).sort()).toEqual([...ids].sort());
    expect(summary).toMatchObject({ type: "summary", summary: { environment: "demo", status: "pass" } });
  });

  it("a degraded demo ends in a failing summary", async () => {
    demo.server.state.update({ mode: "degraded" });
    const { events } = await verify(appWith());
    const summary = events.at(-1);
    expect(summary?.type === "summary" && summary.summary.status).toBe("fail");
  });

  it("a reader who leaves mid-run does not break the run or the process", async () => {
    demo.server.state.update({ latencyMs: 100 });
    const res = await appWith().request("/api/verify?env=demo", POST, BINDINGS);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    // The smoke run finishes upstream; give it the time it needs, then the demo is still served fine.
    await sleep(400);
    expect((await call(appWith(), run("api-plans"), POST)).body.status).toBe("pass");
  });
});

describe("verify-all one invocation per check (POST /api/verify/checks/{id})", () => {
  it("samples one smoke check with the figures and criteria the page judges the run on", async () => {
    const res = await call(appWith(), "/api/verify/checks/api-plans?env=demo", POST);
    expect(res.status).toBe(200);
    const part = verifyPart.parse(res.body);
    expect(part.result.checkId).toBe("api-plans");
    expect(part.samples.count).toBe(5);
    expect(part.samples.latencies).toHaveLength(5);
    expect(part.criteria).toMatchObject({ samples: 5, maxErrorRate: 0.01 });
    expect(Object.values(demo.server.state.counts).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("a check that is not a smoke check is a 404 naming the smoke checks, probing nothing", async () => {
    const { message } = await failure(appWith(), "/api/verify/checks/fault-hang?env=demo", POST, 404, "unknown_check");
    expect(message).toMatch(/^"fault-hang" is not a smoke check of environment "demo" \(smoke checks: .*frontend/);
    expect(demo.server.state.counts).toEqual({});
  });

  it("concurrent presses of one check share its samples; a joining press counts once against the limit", async () => {
    const runtime = createRuntime({ loaded: loadRealConfig(demo.url), demoOrigin: demo.url, runsPerMinute: 7 });
    const app = createApp(runtime);
    demo.server.state.update({ latencyMs: 100 });
    const first = call(app, "/api/verify/checks/frontend?env=demo", POST);
    await vi.waitFor(() => expect(runtime.shared.inFlight("verify-part:demo/frontend")).toBe(true));
    const joined = await call(app, "/api/verify/checks/frontend?env=demo", POST);
    expect([(await first).status, joined.status]).toEqual([200, 200]);
    expect(joined.body.samples).toEqual((await first).body.samples);
    expect([(await first).body.result.cached, joined.body.result.cached]).toEqual([false, true]);
    expect(Object.values(demo.server.state.counts).reduce((a, b) => a + b, 0)).toBe(5);
    // 5 + 1 counted of 7: a fresh run of 5 more does not fit.
    await failure(app, "/api/verify/checks/app-health?env=demo", POST, 429, "rate_limited");
  });

  it("the whole run in one invocation is refused over the CPU budget (checks per invocation), before probing", async () => {
    const app = appWith({ limits: { checks: 2 } });
    const { message } = await failure(app, "/api/verify?env=demo", POST, 422, "over_invocation_budget");
    expect(message).toContain(`verify-all over ${smokeChecks(demoEnvironment(demo.url)).length} smoke checks`);
    expect(message).toContain("RUNBOOK_INVOCATION_CHECKS");
    expect(message).toContain("POST /api/verify/checks/{id}?env=demo");
    expect(demo.server.state.counts).toEqual({});
  });
});
