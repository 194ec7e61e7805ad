/**
 * @module
 * The watch Worker (`npm run bench`, part 11). Prints figures, asserts nothing; runs alone with
 * `node bench/watch.ts`.
 *   a. The two bundles a deploy uploads, against the Free plan's 3 MB compressed: the watch Worker
 *      (`wrangler deploy --dry-run --outdir`) and the site's Functions (`wrangler pages functions build`).
 *   b. One scheduled tick over the demo's schedule (4 checks, each handed to its own CheckRunner
 *      invocation): wall time and requests at the demo per tick, over 10 ticks.
 *   c. A server-side watch (2 s interval, 4 slots): requests at the demo per interval (one sampling each).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPagesFunctions, buildWatchWorker, FREE_PLAN_WORKER_BYTES } from "../scripts/lib/bundles.ts";
import { startStack } from "../scripts/lib/stack.ts";
import { percentile } from "../src/core/checks/stats.ts";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function watchBench(): Promise<void> {
  console.log("\n11. Watch Worker (workers/watch): bundles, scheduled ticks, server-side watches");
  const scratch = mkdtempSync(join(tmpdir(), "runbook-bench-watch-"));
  try {
    const worker = await buildWatchWorker(join(scratch, "worker"));
    const functions = await buildPagesFunctions(join(scratch, "functions"));
    for (const [name, size] of [
      ["watch Worker (wrangler deploy --dry-run)", worker],
      ["site Functions (wrangler pages functions build)", functions],
    ] as const)
      console.log(
        `   ${name.padEnd(50)} ${kb(size.bytes).padStart(10)} raw ${kb(size.gzipBytes).padStart(9)} gzip (Free plan: ${kb(FREE_PLAN_WORKER_BYTES)} compressed)`,
      );

    const stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo: join(scratch, "state") });
    try {
      const demo = stack.demo;
      const watch = stack.watch;
      if (!demo || !watch) throw new Error("the bench needs the demo and the watch Worker");
      const requests = () => Object.values(demo.state.counts).reduce((a, b) => a + b, 0);
      const walls: number[] = [];
      const perTick: number[] = [];
      let time = Math.ceil(Date.now() / 10_000) * 10_000 + 86_400_000;
      for (let i = 0; i < 10; i += 1) {
        time += 10_000;
        const before = requests();
        const started = performance.now();
        await watch.scheduled(time);
        walls.push(performance.now() - started);
        perTick.push(requests() - before);
      }
      console.log(
        `   scheduled tick, 4 checks fanned out: median ${percentile(walls, 50).toFixed(0)} ms, p95 ${percentile(walls, 95).toFixed(0)} ms; ${percentile(perTick, 50)} requests at the demo per tick (one per check)`,
      );

      demo.state.reset();
      const res = await fetch(`${stack.url}/api/monitor?env=demo&interval=2&window=8`, { method: "POST" });
      const { watch: started } = (await res.json()) as { watch: { startedAt: string; windowMs: number } };
      const left = Date.parse(started.startedAt) + started.windowMs - Date.now();
      await new Promise((resolve) => setTimeout(resolve, left + 1500));
      console.log(
        `   server-side watch, 4 intervals of 2 s with no page open: ${requests()} requests at the demo (${requests() / 4} per interval: one sampling of 4 checks x 2)`,
      );
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await watchBench();
