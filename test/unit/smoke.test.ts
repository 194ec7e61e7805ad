import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge, type RunContext, runSampled, runSmoke, smokeChecks } from "../../src/core/checks/run.ts";
import { percentile, pool, sampleStats } from "../../src/core/checks/stats.ts";
import type { CheckDefinitionInput } from "../../src/core/config/checks.ts";
import type { RunbookConfig } from "../../src/core/config/schema.ts";
import { type CheckResult, checkResult, type VerifySummary, verifySummary } from "../../src/core/result.ts";
import { demoEnvironment, environmentWith } from "./support/config.ts";
import { useDemo } from "./support/demo.ts";
import { timed } from "./support/fetchers.ts";
import { startHttpServer, type TestServer } from "./support/servers.ts";

type Criteria = RunbookConfig["successCriteria"];

const demo = useDemo();
/** The runbook's own numbers (runbook.config.json's successCriteria defaults). */
const runbookCriteria: Criteria = { maxErrorRate: 0.01, p95Ms: 2_000, samples: 5, concurrency: 6 };
const fetchImpl: RunContext["fetch"] = (input, init) => fetch(input, init);

/** A server that answers after `?ms=` and records how many requests it had in flight at most. */
let slow: TestServer | undefined;
const flight = { now: 0, max: 0, total: 0 };
let flaky = 0;

beforeAll(async () => {
  slow = await startHttpServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/flaky") {
      flaky += 1;
      res.writeHead(flaky % 2 === 0 ? 500 : 200, { "content-type": "application/json" }).end("{}");
      return;
    }
    flight.now += 1;
    flight.total += 1;
    flight.max = Math.max(flight.max, flight.now);
    await sleep(Number(url.searchParams.get("ms") ?? "0"));
    flight.now -= 1;
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});

afterAll(async () => {
  await slow?.close();
});

function slowEnvironment(checks: Partial<CheckDefinitionInput>[]) {
  if (!slow) throw new Error("slow server not started");
  flight.max = 0;
  flight.total = 0;
  return environmentWith(
    { app: slow.url },
    checks.map((c, i) => ({ id: `c${i}`, title: `Check ${i}`, target: "app", ...c })),
  );
}

/** A failing run's one-line summary names every failed criterion with what was seen, and nothing else. */
function expectSummaryNamesFailures(summary: VerifySummary): void {
  expect(summary.summary).toMatch(/^Success criteria not met\b/);
  for (const c of summary.criteria) {
    const named = summary.summary.toLowerCase().includes(c.label.toLowerCase());
    expect(named, `the summary ${c.status === "fail" ? "names" : "leaves out"} "${c.label}": ${summary.summary}`).toBe(
      c.status === "fail",
    );
    if (c.status === "fail") expect(summary.summary).toContain(c.actual);
  }
}

describe("runSmoke against the demo Dashtray", () => {
  it("healthy: every smoke check passes and all three criteria are met", async () => {
    const environment = demoEnvironment(demo.url);
    const seen: CheckResult[] = [];
    const { results, summary } = await runSmoke(
      { fetch: fetchImpl, environment },
      { criteria: runbookCriteria, onResult: (r) => seen.push(r) },
    );
    const smoke = smokeChecks(environment);
    expect(smoke.map((c) => c.id)).not.toContain("webhook-endpoint");
    expect(results.map((r) => r.checkId)).toEqual(smoke.map((c) => c.id));
    expect(seen.map((r) => r.checkId).sort()).toEqual(smoke.map((c) => c.id).sort());
    for (const r of results) {
      expect(checkResult.parse(r)).toBeTruthy();
      expect(r.status, `${r.checkId}: ${r.summary}`).toBe("pass");
      expect(r.samples).toMatchObject({ count: 5, errors: 0 });
      expect(r.summary).toMatch(/\(worst of 5 samples shown; all 5: 0 errors, p50 \d+ ms, p95 \d+ ms\)\.$/);
      // The shown sample is the slowest: its latency is the p95 of five samples, never below it.
      expect(r.observed.latencyMs === undefined ? -1 : Math.round(r.observed.latencyMs)).toBe(r.samples?.p95Ms);
    }
    expect(verifySummary.parse(summary)).toBeTruthy();
    expect(summary).toMatchObject({
      environment: "demo",
      status: "pass",
      counts: { pass: smoke.length, warn: 0, fail: 0, error: 0 },
      samples: { count: smoke.length * 5, errors: 0, errorRate: 0 },
    });
    expect(summary.criteria.map((c) => [c.id, c.status])).toEqual([
      ["smoke", "pass"],
      ["errorRate", "pass"],
      ["p95", "pass"],
    ]);
    expect(summary.summary).toMatch(
      new RegExp(`^Success criteria met: ${smoke.length} smoke checks pass, error rate 0%, p95 \\d+ ms\\.$`),
    );
  });

  it("degraded: API errors fail the smoke criterion and the error rate; latency still passes", async () => {
    demo.server.state.update({ mode: "degraded" });
    const environment = demoEnvironment(demo.url);
    const { results, summary } = await runSmoke({ fetch: fetchImpl, environment }, { criteria: runbookCriteria });
    const plans = results.find((r) => r.checkId === "api-plans");
    expect(plans?.status).toBe("fail");
    expect(plans?.summary).toMatch(/^HTTP 500 in \d+ ms; HTTP status: expected 200–299, got 500/);
    expect(results.find((r) => r.checkId === "app-health")?.status).toBe("warn");

    // The demo fails the 1st, 4th, 7th... plans request after entering degraded mode.
    const planRequests = demo.server.state.counts["GET /api/plans"] ?? 0;
    const errors = Math.ceil(planRequests / 3);
    const total = smokeChecks(environment).length * 5;
    expect(summary.samples).toMatchObject({ count: total, errors });
    expect(summary.status).toBe("fail");
    const criteria = Object.fromEntries(summary.criteria.map((c) => [c.id, c]));
    expect(criteria.smoke).toMatchObject({
      status: "fail",
      actual: `${total / 5 - 1} of ${total / 5} pass (1 with a warning, counted as passing)`,
    });
    expect(criteria.errorRate).toMatchObject({ status: "fail", expected: "< 1%" });
    expect(criteria.errorRate?.actual).toBe(
      `${Math.round((errors / total) * 1000) / 10}% (${errors} of ${total} requests)`,
    );
    expect(criteria.p95?.status).toBe("pass");
    expectSummaryNamesFailures(summary);
  });

  it("slow: answers slower than the p95 budget fail that criterion alone", async () => {
    demo.server.state.update({ mode: "slow", slowMs: 300 });
    const environment = demoEnvironment(demo.url);
    const criteria: Criteria = { maxErrorRate: 0.01, p95Ms: 200, samples: 3, concurrency: 6 };
    const { results, summary } = await runSmoke({ fetch: fetchImpl, environment }, { criteria });
    for (const r of results) expect(r.status, `${r.checkId}: ${r.summary}`).toBe("pass");
    expect(summary.samples.p95Ms).toBeGreaterThanOrEqual(300);
    expect(summary.criteria.map((c) => [c.id, c.status])).toEqual([
      ["smoke", "pass"],
      ["errorRate", "pass"],
      ["p95", "fail"],
    ]);
    expect(summary.criteria[2]).toMatchObject({ label: "Response time < 0.2s (p95)", expected: "< 200 ms" });
    expect(Number(/^(\d+) ms/.exec(summary.criteria[2]?.actual ?? "")?.[1])).toBeGreaterThanOrEqual(300);
    expect(summary.status).toBe("fail");
    expectSummaryNamesFailures(summary);
  });
});

describe("sampling and concurrency", () => {
  it("a check's samples never have more requests in flight than `concurrency`, and all of them run", async () => {
    const environment = slowEnvironment([{ path: "/?ms=40" }]);
    await runSmoke(
      { fetch: fetchImpl, environment },
      { criteria: { ...runbookCriteria, samples: 12, concurrency: 3 } },
    );
    expect(flight).toMatchObject({ max: 3, total: 12 });

    const sequential = slowEnvironment([{ path: "/?ms=10" }]);
    await runSmoke(
      { fetch: fetchImpl, environment: sequential },
      { criteria: { ...runbookCriteria, samples: 4, concurrency: 1 } },
    );
    expect(flight).toMatchObject({ max: 1, total: 4 });
  });

  it("checks run concurrently: six checks of 200 ms each take far less than 6 × 200 ms", async () => {
    const environment = slowEnvironment(Array.from({ length: 6 }, () => ({ path: "/?ms=200" })));
    const { value, ms } = await timed(() =>
      runSmoke({ fetch: fetchImpl, environment }, { criteria: { ...runbookCriteria, samples: 1, concurrency: 1 } }),
    );
    expect(value.summary.status).toBe("pass");
    expect(flight.max).toBe(6);
    expect(ms).toBeGreaterThanOrEqual(195);
    expect(ms, "checks appear to run one after another").toBeLessThan(800);
  });

  it("a sampled result is the worst sample, with the error count and percentiles of all of them", async () => {
    flaky = 0;
    const environment = slowEnvironment([{ path: "/flaky" }]);
    const result = await runSampled({ fetch: fetchImpl, environment }, environment.checks[0]!, 4, 2);
    expect(result.status).toBe("fail");
    expect(result.observed.httpStatus).toBe(500);
    expect(result.samples).toMatchObject({ count: 4, errors: 2, errorRate: 0.5 });
    expect(result.summary).toMatch(
      /^HTTP 500 in \d+ ms; HTTP status: expected 200–299, got 500 \(worst of 4 samples shown; all 4: 2 errors, p50 \d+ ms, p95 \d+ ms\)\.$/,
    );
  });
});

describe("judge", () => {
  const ctx = {
    fetch: fetchImpl,
    environment: environmentWith({ app: "https://app.example.com" }, []),
    now: () => new Date(0),
  };

  it("no smoke checks is not a pass", () => {
    const summary = judge(ctx, [], { latencies: [], errors: 0 }, runbookCriteria, 1);
    expect(summary.status).toBe("fail");
    expect(summary.criteria.map((c) => [c.id, c.status])).toEqual([
      ["smoke", "fail"],
      ["errorRate", "fail"],
      ["p95", "fail"],
    ]);
    expect(summary.criteria[0]?.actual).toBe("no smoke checks configured");
    expect(summary.criteria[1]?.actual).toBe("0% (0 of 0 requests)");
    expect(summary.checkedAt).toBe("1970-01-01T00:00:00.000Z");
  });

  it("warnings pass the criteria but make the run a warning; errors count against the smoke criterion", () => {
    const result = (status: CheckResult["status"]) => ({ status }) as CheckResult;
    const warned = judge(ctx, [result("pass"), result("warn")], { latencies: [10, 20], errors: 0 }, runbookCriteria, 1);
    expect(warned).toMatchObject({ status: "warn", summary: "Success criteria met, with 1 warning." });
    expect(warned.criteria[0]).toMatchObject({
      status: "pass",
      actual: "2 of 2 pass (1 with a warning, counted as passing)",
    });
    const errored = judge(
      ctx,
      [result("pass"), result("error")],
      { latencies: [10, 20], errors: 1 },
      runbookCriteria,
      1,
    );
    expect(errored.criteria.map((c) => c.status)).toEqual(["fail", "fail", "pass"]);
    expect(errored.counts).toEqual({ pass: 1, warn: 0, fail: 0, error: 1 });
  });

  it("the error rate must stay strictly below the limit", () => {
    const criteria = { ...runbookCriteria, maxErrorRate: 0.25 };
    const atLimit = judge(
      ctx,
      [{ status: "pass" } as CheckResult],
      { latencies: [1, 1, 1, 1], errors: 1 },
      criteria,
      1,
    );
    expect(atLimit.criteria[1]).toMatchObject({ status: "fail", actual: "25% (1 of 4 requests)" });
  });
});

describe("stats", () => {
  it("percentile is nearest-rank, 0 for no values", () => {
    expect(percentile([], 95)).toBe(0);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 0)).toBe(7);
  });

  it("sampleStats rounds latencies and computes the error rate", () => {
    expect(sampleStats([10.4, 20.6, 30.5], 1)).toEqual({
      count: 3,
      errors: 1,
      errorRate: 1 / 3,
      p50Ms: 21,
      p95Ms: 31,
      maxMs: 31,
    });
    expect(sampleStats([], 0)).toEqual({ count: 0, errors: 0, errorRate: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
  });

  it("pool keeps input order and the limit", async () => {
    let inFlight = 0;
    let max = 0;
    const tasks = [30, 5, 20, 1, 10].map((ms, i) => async () => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      await sleep(ms);
      inFlight -= 1;
      return i;
    });
    expect(await pool(2, tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(max).toBe(2);
  });
});
