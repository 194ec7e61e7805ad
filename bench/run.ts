/**
 * `npm run bench`: prints figures for the design budgets. Never fails on timing.
 *   1. verify-all over N checks against targets with a known delay: total / slowest single (budget < 1.2)
 *  1b. verify-all through the local Function at 4, 16 and 40 checks: the ratio, where the time goes, and the
 *      latency the samples report beside the target's own (`verify-function.ts`; runs alone too)
 *   2. Function overhead: median latency through /api/checks/{id}/run minus the target's own (budget < 10 ms)
 *   3. JavaScript our widgets add to each page beyond Starlight's own scripts, gzip, as Chromium loads it on load
 *      and once its buttons are pressed (budget < 10 KB; `page-weight-browser.ts`), and by static imports
 *   4. Load: 200 presses, 50 in flight, over four checks: throughput, p95 through the Function, and the
 *      upstream probes they caused, with answer reuse on (the default 5 s) and off
 *   5. Verify-all within Cloudflare's per-invocation limits (one invocation per check), and upstream
 *      requests per press (`verify-limits.ts`)
 *   6. /api/rollback with the last good deployment on page 1, on page 5, and past the 200 bound
 *   7. Shared history (bench/history.ts): the audit write's cost to a run, 1,000 deployments, 100,000 audit rows
 *   8. The rollback action (bench/rollback-action.ts): press to confirmed and to verified; simultaneous presses
 *   9. Monitor (bench/monitor.ts): the widget's own JavaScript, upstream requests per interval for 1 and 20 watchers
 *  10. Streamed exports (bench/export.ts): 100,000 audit rows as CSV, JSON and Markdown, once and 20 at once, workerd RSS
 *  11. Watch Worker (bench/watch.ts): deploy bundles against the Free plan's 3 MB, scheduled ticks, server-side watches
 */
import { fetch as undiciFetch } from "undici";
import rawConfig from "../runbook.config.json" with { type: "json" };
import { startStack } from "../scripts/lib/stack.ts";
import { runSampled, runSmoke, smokeChecks } from "../src/core/checks/run.ts";
import { percentile } from "../src/core/checks/stats.ts";
import { loadConfig } from "../src/core/config/load.ts";
import { exportBench } from "./export.ts";
import { historyBench } from "./history.ts";
import { DEMO_ROUTE_OF_CHECK, pressLoad } from "./load.ts";
import { monitorBench } from "./monitor.ts";
import { pageScripts, printPageWeights } from "./page-weight.ts";
import { measureBuiltSite } from "./page-weight-browser.ts";
import { rollbackActionBench } from "./rollback-action.ts";
import { rollbackPaging } from "./rollback-paging.ts";
import { verifyAllThroughFunction } from "./verify-function.ts";
import { benchVerifyLimits, pressVerifyAll } from "./verify-limits.ts";
import { watchBench } from "./watch.ts";

const DELAY_MS = 100;
const OVERHEAD_RUNS = 60;
const LOAD = { total: 200, concurrency: 50, checks: ["frontend", "app-health", "api-plans", "convex-version"] };

const stack = await startStack({
  port: 0,
  demoPort: 0,
  build: true,
  bindings: { RUNBOOK_REUSE_SECONDS: "0", RUNBOOK_RUNS_PER_MINUTE: "100000" },
});
try {
  const demo = stack.demo;
  if (!demo) throw new Error("the bench needs the demo");
  const fetchImpl = (input: string, init: RequestInit) =>
    undiciFetch(input, init as never) as unknown as Promise<Response>;

  // 1. Verify-all concurrency.
  demo.state.update({ latencyMs: DELAY_MS });
  const loaded = loadConfig(rawConfig, { demoOrigin: demo.url });
  const environment = loaded.environments.find((e) => e.id === "demo");
  if (!environment) throw new Error("no demo environment");
  const criteria = loaded.config.successCriteria;
  const ctx = { fetch: fetchImpl, environment };
  const singles: number[] = [];
  await runSmoke(ctx, { criteria }); // warm up connections
  for (const check of smokeChecks(environment)) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      await runSampled(ctx, check, criteria.samples, criteria.concurrency);
      runs.push(performance.now() - started);
    }
    singles.push(percentile(runs, 50));
  }
  const slowest = Math.max(...singles);
  const engineRuns: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await runSmoke(ctx, { criteria });
    engineRuns.push(performance.now() - started);
  }
  const functionRuns: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await pressVerifyAll(stack.url, "demo"); // as the page runs it: one invocation per check
    functionRuns.push(performance.now() - started);
  }
  const engineTotal = percentile(engineRuns, 50);
  const functionTotal = percentile(functionRuns, 50);
  console.log(
    `\n1. verify-all: ${singles.length} smoke checks x ${criteria.samples} samples, target delay ${DELAY_MS} ms, ${criteria.concurrency} in flight per endpoint`,
  );
  console.log(`   slowest single check (sampled, median of 3)  ${slowest.toFixed(0)} ms`);
  console.log(
    `   verify-all, engine (median of 3)    ${engineTotal.toFixed(0)} ms   ratio ${(engineTotal / slowest).toFixed(2)}  (budget < 1.2)`,
  );
  console.log(
    `   verify-all, via the Function, one invocation per check ${functionTotal.toFixed(0)} ms   ratio ${(functionTotal / slowest).toFixed(2)}  (budget < 1.2)`,
  );

  // 1b. Verify-all through the Function at 4, 16 and 40 checks (a stack of its own, its own configuration).
  await verifyAllThroughFunction();

  // 2. Function overhead on loopback, no reuse.
  demo.state.update({ latencyMs: 0 });
  const target = `${demo.url}/api/health`;
  const direct: number[] = [];
  const through: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < OVERHEAD_RUNS + 5; i += 1) {
    let started = performance.now();
    await (await fetch(`${stack.url}/api/environments`)).text();
    const f = performance.now() - started;
    started = performance.now();
    await (await undiciFetch(target)).text();
    const d = performance.now() - started;
    started = performance.now();
    await (await fetch(`${stack.url}/api/checks/app-health/run?env=demo`, { method: "POST" })).text();
    const t = performance.now() - started;
    if (i >= 5) {
      floor.push(f);
      direct.push(d);
      through.push(t);
    }
  }
  const medDirect = percentile(direct, 50);
  const medThrough = percentile(through, 50);
  console.log(`\n2. Function overhead (${OVERHEAD_RUNS} sequential runs of app-health, answer reuse off)`);
  console.log(`   target alone, median                ${medDirect.toFixed(2)} ms`);
  console.log(
    `   through /api/checks/{id}/run        ${medThrough.toFixed(2)} ms   p95 ${percentile(through, 95).toFixed(2)} ms`,
  );
  console.log(`   overhead, median                    ${(medThrough - medDirect).toFixed(2)} ms  (budget < 10 ms)`);
  console.log(
    `   of which wrangler's local proxy and workerd per request (GET /api/environments, no probe): ${percentile(floor, 50).toFixed(2)} ms`,
  );

  // 3. Page weight: as a reader's browser loads it (Chromium, dynamic imports and presses included),
  // then the static import graph of each built page.
  await measureBuiltSite("\n3. ");
  const pages = pageScripts();
  printPageWeights(pages, "   Static imports only (what the page names before anything runs): ");
  const plain = pages.find((p) => p.page === "start-here/glossary/index.html");
  if (plain)
    console.log(
      `   a page with only the header picker (start-here/glossary): widgets ${(plain.widgetGzipBytes / 1024).toFixed(2)} KB`,
    );

  // 4. Load through the Function.
  console.log(
    `\n4. Load: ${LOAD.total} presses of Verify, ${LOAD.concurrency} in flight, over ${LOAD.checks.length} checks (demo answers at once)`,
  );
  const reuseStack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000" },
  });
  try {
    for (const [label, target] of [
      ["reuse 5 s (default)", reuseStack],
      ["reuse off, in-flight coalescing only", stack],
    ] as const) {
      await pressLoad({ siteUrl: target.url, checks: LOAD.checks, total: 20, concurrency: 10 }); // warm up
      // Through the site, so the Function also forgets the answers the warm-up left for reuse.
      await (await fetch(`${target.url}/api/demo/reset`, { method: "POST" })).text();
      const run = await pressLoad({ siteUrl: target.url, ...LOAD });
      const counts = target.demo?.state.counts ?? {};
      const probes = LOAD.checks.map((c) => counts[DEMO_ROUTE_OF_CHECK[c] ?? ""] ?? 0);
      const statuses = Object.entries(run.statuses)
        .map(([status, n]) => `${n}x${status}`)
        .join(" ");
      console.log(`   ${label}`);
      console.log(
        `     throughput ${run.throughput.toFixed(0)} requests/s   p50 ${run.p50Ms.toFixed(1)} ms   p95 ${run.p95Ms.toFixed(1)} ms   over ${run.elapsedMs.toFixed(0)} ms   (${statuses})`,
      );
      console.log(
        `     upstream probes: ${probes.reduce((a, b) => a + b, 0)} for ${LOAD.total} presses (${LOAD.checks.map((c, i) => `${c} ${probes[i]}`).join(", ")})`,
      );
    }
    await benchVerifyLimits(reuseStack);
  } finally {
    await reuseStack.stop();
  }

  const API_LATENCY_MS = 20;
  console.log(
    `\n6. GET /api/rollback by where the last good deployment is listed (25 a page; stand-ins answer after ${API_LATENCY_MS} ms)`,
  );
  for (const f of await rollbackPaging(stack.url, (patch) => demo.state.update(patch), API_LATENCY_MS))
    console.log(
      `   ${f.scenario.padEnd(14)} pages read ${String(f.pagesRead).padStart(2)}   median ${f.medianMs.toFixed(0)} ms   p95 ${f.p95Ms.toFixed(0)} ms`,
    );
} finally {
  await stack.stop();
}

await historyBench();
await rollbackActionBench();
await monitorBench();
await exportBench();
await watchBench();
