/**
 * @module
 * The step-6 monitor (`npm run bench`, part 8). Prints figures, asserts nothing.
 *   a. The JavaScript the `<Monitor>` widget adds to its pages, gzip (budget: 6 KB), and the pages' widget total.
 *   b. Upstream requests per interval at the demo for 1 and 20 watchers of one environment: each watcher
 *      asks for every interval's sample as the widget does (at the start of each slot, with up to 300 ms
 *      of jitter), through the Function with its D1 history (a stack of its own with migrations applied).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack } from "../scripts/lib/stack.ts";
import { percentile } from "../src/core/checks/stats.ts";
import type { MonitorWatch } from "../src/core/monitor.ts";
import { pageScripts, widgetOwnScripts } from "./page-weight.ts";

const INTERVAL_S = 2;
const SLOTS = 4;

export async function monitorBench(): Promise<void> {
  console.log("\n8. Monitor (<Monitor>, /api/monitor)");
  const pages = ["deploy/6-monitor/index.html", "incidents/common-issues/high-response-times/index.html"];
  const weights = pageScripts();
  for (const page of pages) {
    const all = weights.find((w) => w.page === page);
    console.log(
      `   ${page.padEnd(58)} monitor's own ${(widgetOwnScripts(page, "monitor") / 1024).toFixed(2)} KB (budget < 6 KB)   all widgets ${((all?.widgetGzipBytes ?? 0) / 1024).toFixed(2)} KB`,
    );
  }

  const persistTo = mkdtempSync(join(tmpdir(), "runbook-bench-monitor-"));
  const stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    persistTo,
    bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000" },
  });
  try {
    console.log(
      `   upstream requests per interval (demo, ${INTERVAL_S} s interval, ${SLOTS} intervals, one sampling = 4 smoke checks x monitor.samples)`,
    );
    for (const [watchers, windowS] of [
      [1, INTERVAL_S * SLOTS],
      [20, INTERVAL_S * SLOTS + 1],
    ] as const) {
      await (await fetch(`${stack.url}/api/demo/reset`, { method: "POST" })).text();
      const started = await fetch(`${stack.url}/api/monitor?env=demo&interval=${INTERVAL_S}&window=${windowS}`, {
        method: "POST",
      });
      const { watch } = (await started.json()) as { watch: MonitorWatch };
      const start = Date.parse(watch.startedAt);
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: watchers }, async () => {
          for (let slot = 0; slot < SLOTS; slot += 1) {
            const at = start + slot * watch.intervalMs + Math.random() * 300;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
            const t = performance.now();
            await (
              await fetch(`${stack.url}/api/monitor/sample?env=demo&watch=${watch.id}`, { method: "POST" })
            ).text();
            latencies.push(performance.now() - t);
          }
        }),
      );
      const requests = Object.values(stack.demo?.state.counts ?? {}).reduce((a, b) => a + b, 0);
      const series = (await (await fetch(`${stack.url}/api/monitor?env=demo&watch=${watch.id}`)).json()) as {
        samples: unknown[];
      };
      console.log(
        `   ${String(watchers).padStart(2)} watcher${watchers === 1 ? " " : "s"}   ${series.samples.length} samples   ${requests} requests at the demo   ${(requests / SLOTS).toFixed(1)} per interval   sample answer p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`,
      );
    }
  } finally {
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
