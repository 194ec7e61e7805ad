/**
 * @module
 * Verify-all inside one invocation's limits (6 connections, 50 subrequests: Cloudflare's Free plan),
 * and verify-all presses shared across clients. Prints figures, asserts nothing.
 *   a. N checks (4, 16, 40) against a local target answering in 300 ms, through the same capped fetch
 *      the Function uses: the worst latency verify-all reports over the slowest single check (budget
 *      < 1.2: reported latencies are the target's, not time spent queued), and the run's wall time.
 *   b. upstream requests per press for 1, 20 and 50 concurrent presses of POST /api/verify (reuse on).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch as undiciFetch } from "undici";
import { runCheck, runSmoke } from "../src/core/checks/run.ts";
import { loadConfig } from "../src/core/config/load.ts";
import { invocationFetch } from "../src/server/lib/invocation.ts";

const TARGET_MS = 300;
const criteria = { maxErrorRate: 0.01, p95Ms: 2_000, samples: 5, concurrency: 6 };
const limits = { connections: 6, subrequests: 50 };

export async function benchVerifyLimits(stack: {
  url: string;
  demo?: { state: { counts: Record<string, number> } } | undefined;
}): Promise<void> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), TARGET_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchImpl = (input: string, init: RequestInit) =>
    undiciFetch(input, init as never) as unknown as Promise<Response>;
  try {
    console.log(
      `\n5a. verify-all within one invocation (${limits.connections} connections, ${limits.subrequests} subrequests), target answers in ${TARGET_MS} ms`,
    );
    for (const n of [4, 16, 40]) {
      const checks = Array.from({ length: n }, (_, i) => ({
        id: `c${i}`,
        title: `Check ${i}`,
        target: "app",
        path: `/${i}`,
        smoke: true,
      }));
      const loaded = loadConfig(
        { environments: { production: { label: "Bench", targets: { app: origin }, checks } } },
        { source: "bench" },
      );
      const environment = loaded.environments[0];
      if (!environment) throw new Error("no environment");
      const single = Math.max(
        ...(
          await Promise.all(environment.checks.slice(0, 4).map((k) => runCheck({ fetch: fetchImpl, environment }, k)))
        ).map((r) => r.observed.latencyMs ?? 0),
      );
      const capped = invocationFetch(fetchImpl, limits);
      const started = performance.now();
      const { summary } = await runSmoke(
        { fetch: capped, environment },
        { criteria, limits: { connections: limits.connections, requests: limits.subrequests } },
      );
      const wall = performance.now() - started;
      console.log(
        `   ${String(n).padStart(2)} checks: ${summary.samples.count} requests, reported max ${summary.samples.maxMs} ms / slowest single ${single.toFixed(0)} ms = ratio ${(summary.samples.maxMs / single).toFixed(2)} (budget < 1.2); queued in the runtime ${capped.queued()}; wall ${wall.toFixed(0)} ms`,
      );
    }
  } finally {
    server.close();
  }
  console.log("\n5b. upstream requests per press of POST /api/verify (4 smoke checks x 5 samples; reuse 5 s)");
  for (const presses of [1, 20, 50]) {
    await (await fetch(`${stack.url}/api/demo/reset`, { method: "POST" })).text();
    const statuses = await Promise.all(
      Array.from({ length: presses }, async () => {
        const res = await fetch(`${stack.url}/api/verify?env=demo`, { method: "POST" });
        await res.text();
        return res.status;
      }),
    );
    const upstream = Object.values(stack.demo?.state.counts ?? {}).reduce((a, b) => a + b, 0);
    console.log(
      `   ${String(presses).padStart(2)} concurrent presses: ${upstream} upstream requests in all, ${(upstream / presses).toFixed(1)} per press (${statuses.filter((s) => s === 200).length} answered 200)`,
    );
  }
}
