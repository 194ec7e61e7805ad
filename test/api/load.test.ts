/**
 * Many engineers pressing Verify at once, through `wrangler pages dev` on loopback: 200 presses, 50 in
 * flight. Nothing fails but the intended 429s, and the demo sees at most one probe per check per reuse
 * window (in-flight coalescing, then the Cache API). Bounded: 200 requests per row, each with a deadline.
 *
 * The main stack's limit is 100000 runs a minute, so it must answer no 429 at all. The last row runs a
 * stack of its own whose Function has the Rate Limiting binding (40 a minute) while the in-memory
 * limit stays at 100000: every 429 there comes from the binding. A press answered from reuse or joining
 * a run in flight probes nothing and weighs nothing, so that row turns reuse off and presses one at a
 * time: every press it lets through is a probe the binding counted.
 */
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { DEMO_ROUTE_OF_CHECK, type LoadRun, pressLoad } from "../../bench/load.ts";
import { pressVerifyAll } from "../../bench/verify-limits.ts";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { startBindingStack } from "../support/binding-stack.ts";
import { demoCounts, resetDemo } from "../support/demo.ts";

const TOTAL = 200;
const IN_FLIGHT = 50;
/** RUNBOOK_REUSE_SECONDS of the stacks (the default). */
const REUSE_MS = 5_000;
const BINDING_LIMIT = 40;

const stacks: Stack[] = [];
const logs: string[] = [];
afterAll(() => Promise.all(stacks.map((s) => s.stop())));

const FALLBACK_LINE = "[limits] no RUNBOOK_RATE_LIMITER binding: runs are limited in memory";

interface Row {
  what: string;
  checks: string[];
  /** Run against a stack whose Function has the Rate Limiting binding, reuse off, one press at a time. */
  binding?: boolean;
}

const rows: Row[] = [
  { what: "one check pressed 200 times", checks: ["app-health"] },
  { what: "four checks, 200 presses mixed", checks: ["frontend", "app-health", "api-plans", "convex-version"] },
  { what: `one check under a Rate Limiting binding of ${BINDING_LIMIT} a minute`, checks: ["frontend"], binding: true },
];

/** The most probes one check may cause: one per reuse window the run touched, plus the one in flight at its start. */
function maxProbes(run: LoadRun): number {
  return Math.ceil(run.elapsedMs / REUSE_MS) + 1;
}

describe("load: concurrent presses through the Function", () => {
  beforeEach(() => resetDemo());

  it.each(rows)("$what", { timeout: 60_000 }, async (row) => {
    let siteUrl = inject("siteUrl");
    let counts = demoCounts;
    if (row.binding) {
      const bindingStack = await startBindingStack({
        limit: BINDING_LIMIT,
        bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_REUSE_SECONDS: "0" },
        onLog: (line) => logs.push(line),
      });
      stacks.push(bindingStack);
      siteUrl = bindingStack.url;
      const demo = bindingStack.demo;
      counts = async () => demo?.state.counts ?? {};
    }
    const run = await pressLoad({
      siteUrl,
      checks: row.checks,
      total: TOTAL,
      concurrency: row.binding ? 1 : IN_FLIGHT,
    });
    expect(run.presses).toHaveLength(TOTAL);
    const ok = run.presses.filter((p) => p.status === 200);
    const limited = run.presses.filter((p) => p.status === 429);
    // Nothing but answers and intended 429s: no 5xx, no request left without an answer.
    expect(ok.length + limited.length).toBe(TOTAL);
    const seen = await counts();
    if (row.binding) {
      // One fixed window of the binding, or two when a minute boundary fell inside the run.
      expect(ok.length).toBeGreaterThanOrEqual(BINDING_LIMIT);
      expect(ok.length).toBeLessThanOrEqual(2 * BINDING_LIMIT);
      for (const p of limited) {
        expect(p.code).toBe("rate_limited");
        expect(p.retryAfter).toBe("60");
      }
      expect(logs.filter((line) => line.includes(FALLBACK_LINE))).toEqual([]);
      // Each press let through probed once; no refused press reached the demo.
      expect(ok.filter((p) => p.cached !== false)).toEqual([]);
      expect(seen[DEMO_ROUTE_OF_CHECK.frontend as string]).toBe(ok.length);
    } else {
      expect(limited).toEqual([]);
      for (const check of row.checks) {
        const route = DEMO_ROUTE_OF_CHECK[check] as string;
        expect(seen[route] ?? 0, `${check} (${route})`).toBeGreaterThanOrEqual(1);
        expect(seen[route] ?? 0, `${check} (${route})`).toBeLessThanOrEqual(maxProbes(run));
      }
    }
    // The demo saw nothing but the configured checks.
    expect(Object.keys(seen).sort()).toEqual(row.checks.map((c) => DEMO_ROUTE_OF_CHECK[c]).sort());
  });

  it("20 concurrent verify-all presses share one sampling run: no more upstream requests than one press", async () => {
    const site = inject("siteUrl");
    const press = async () => {
      const res = await fetch(`${site}/api/verify?env=demo`, { method: "POST", signal: AbortSignal.timeout(30_000) });
      return { status: res.status, lines: (await res.text()).trim().split("\n") };
    };
    const total = async () => Object.values(await demoCounts()).reduce((a, b) => a + b, 0);
    const one = await press();
    expect(one.status).toBe(200);
    const perPress = await total();
    expect(perPress).toBeGreaterThan(0);
    await resetDemo();
    const presses = await Promise.all(Array.from({ length: 20 }, press));
    expect(presses.map((p) => p.status)).toEqual(Array(20).fill(200));
    // Every client got the whole run: start, one result per check, summary.
    for (const p of presses) {
      expect(p.lines).toHaveLength(one.lines.length);
      expect(JSON.parse(p.lines.at(-1) ?? "{}").type).toBe("summary");
    }
    expect(await total()).toBeLessThanOrEqual(perPress);
  });

  it("20 concurrent Verify-all presses as the page sends them (one invocation per check): no more upstream requests than one press", async () => {
    const site = inject("siteUrl");
    const total = async () => Object.values(await demoCounts()).reduce((a, b) => a + b, 0);
    const one = await pressVerifyAll(site, "demo");
    expect(one.statuses.every((s) => s === 200)).toBe(true);
    expect(one.summary?.status).toBe("pass");
    const perPress = await total();
    expect(perPress).toBe(one.parts.length * 5);
    await resetDemo();
    const presses = await Promise.all(Array.from({ length: 20 }, () => pressVerifyAll(site, "demo")));
    for (const p of presses) {
      expect(p.statuses).toEqual(one.statuses);
      expect(p.summary?.status).toBe("pass");
    }
    expect(await total()).toBeLessThanOrEqual(perPress);
  });

  it("without the binding, the Function says once that it counts runs in memory", async () => {
    const lines: string[] = [];
    const stack = await startStack({ port: 0, demoPort: 0, build: false, onLog: (line) => lines.push(line) });
    stacks.push(stack);
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${stack.url}/api/checks/frontend/run?env=demo`, { method: "POST" });
      expect(res.status).toBe(200);
    }
    // Output arrives through pipes after the answers: wait for it, then count.
    const fallbackLines = () => lines.filter((line) => line.includes(FALLBACK_LINE));
    await expect.poll(() => fallbackLines().length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => lines.filter((line) => line.includes("POST /api/checks/frontend/run")).length).toBe(3);
    expect(fallbackLines()).toHaveLength(1);
  });
});
