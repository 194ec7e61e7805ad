/**
 * @module
 * Verify-all within Cloudflare's per-invocation limits (6 connections, 50 subrequests, 10 ms of CPU:
 * the Free plan), and verify-all presses shared across clients. Prints figures, asserts nothing.
 *   a. N checks (4, 16, 40) against a local target answering in 300 ms, run as the Verify-all widget
 *      runs them: one invocation per check, all at once, each through its own capped fetch (the one the
 *      Function gives every request) and the route's own code (`verifyPart`). Prints the run's wall
 *      time over the slowest single check run alone (budget < 1.2), the worst latency it reports over
 *      the target's (true latencies: nothing waited in a queue), and what the old design (every check
 *      in one invocation) does for contrast. All the invocations share this one process's CPU, which
 *      deployed they do not: the line says how much CPU they took, the part of the wall time that is
 *      this machine's rather than the design's.
 *   b. upstream requests per press for 1, 20 and 50 concurrent presses through the Function, as the
 *      page sends them (reuse on).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fetch as undiciFetch } from "undici";
import { judge } from "../src/core/checks/judge.ts";
import { runSmoke } from "../src/core/checks/run.ts";
import { percentile } from "../src/core/checks/stats.ts";
import { loadConfig } from "../src/core/config/load.ts";
import type { VerifyPart, VerifySummary } from "../src/core/result.ts";
import { invocationFetch } from "../src/server/lib/invocation.ts";
import { verifyPart } from "../src/server/routes/verify.ts";

const TARGET_MS = 300;
const criteria = { maxErrorRate: 0.01, p95Ms: 2_000, samples: 5, concurrency: 6 };
const limits = { connections: 6, subrequests: 50 };

export interface VerifyAllPress {
  /** Status of the check list, then of each check's invocation. */
  statuses: number[];
  parts: VerifyPart[];
  summary: VerifySummary | undefined;
}

/**
 * One press of Verify all as the widget sends it: the environment's checks, then one
 * `POST /api/verify/checks/{id}` per smoke check, all at once, judged here with the Function's own code.
 */
export async function pressVerifyAll(siteUrl: string, env: string): Promise<VerifyAllPress> {
  const query = `env=${encodeURIComponent(env)}`;
  const list = await fetch(`${siteUrl}/api/checks?${query}`);
  const body = (await list.json()) as { checks?: { id: string; smoke: boolean }[] };
  const smoke = (body.checks ?? []).filter((c) => c.smoke);
  const answers = await Promise.all(
    smoke.map(async (c) => {
      const res = await fetch(`${siteUrl}/api/verify/checks/${encodeURIComponent(c.id)}?${query}`, {
        method: "POST",
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) {
        await res.text();
        return { status: res.status, part: undefined };
      }
      return { status: res.status, part: (await res.json()) as VerifyPart };
    }),
  );
  const parts = answers.flatMap((a) => (a.part ? [a.part] : []));
  const first = parts[0];
  const summary =
    first && parts.length === answers.length
      ? judge(
          { environment: { id: env } },
          parts.map((p) => p.result),
          {
            latencies: parts.flatMap((p) => p.samples.latencies),
            errors: parts.reduce((n, p) => n + p.samples.errors, 0),
            count: parts.reduce((n, p) => n + p.samples.count, 0),
          },
          first.criteria,
          0,
        )
      : undefined;
  return { statuses: [list.status, ...answers.map((a) => a.status)], parts, summary };
}

export async function benchVerifyLimits(stack: {
  url: string;
  demo?: { state: { counts: Record<string, number> } } | undefined;
}): Promise<void> {
  // The target runs in a process of its own, so its work does not slow the invocations being timed.
  const target = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => setTimeout(() => s.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), ${TARGET_MS})).listen(0, "127.0.0.1", function () { console.log(this.address().port) })`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [port] = (await once(target.stdout, "data")) as [Buffer];
  const origin = `http://127.0.0.1:${port.toString().trim()}`;
  const fetchImpl = (input: string, init: RequestInit) =>
    undiciFetch(input, init as never) as unknown as Promise<Response>;
  try {
    console.log(
      `\n5a. verify-all as one invocation per check (each: ${limits.connections} connections, ${limits.subrequests} subrequests, one check's CPU), ${criteria.samples} samples a check, target answers in ${TARGET_MS} ms`,
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
      // The slowest single check: each of the first four run alone, as its own invocation (median of 3).
      let single = 0;
      for (const check of environment.checks.slice(0, 4)) {
        const runs: number[] = [];
        for (let r = 0; r < 3; r += 1) {
          const started = performance.now();
          await verifyPart(invocationFetch(fetchImpl, limits), environment, check, criteria, limits);
          runs.push(performance.now() - started);
        }
        single = Math.max(single, percentile(runs, 50));
      }
      // Warm the sockets once (deployed, each invocation has its own), then time the run.
      await Promise.all(
        environment.checks.map((check) =>
          verifyPart(invocationFetch(fetchImpl, limits), environment, check, criteria, limits),
        ),
      );
      // The whole run, median of 3 by wall time; its figures are from that run.
      const rounds: {
        wall: number;
        cpuMs: number;
        parts: VerifyPart[];
        fetches: ReturnType<typeof invocationFetch>[];
      }[] = [];
      for (let r = 0; r < 3; r += 1) {
        const fetches = environment.checks.map(() => invocationFetch(fetchImpl, limits));
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const parts = await Promise.all(
          environment.checks.map((check, i) =>
            verifyPart(fetches[i] as ReturnType<typeof invocationFetch>, environment, check, criteria, limits),
          ),
        );
        const wall = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        rounds.push({ wall, cpuMs: (cpu.user + cpu.system) / 1000, parts, fetches });
      }
      rounds.sort((a, b) => a.wall - b.wall);
      const { wall, cpuMs, parts, fetches } = rounds[1] as (typeof rounds)[number];
      const latencies = parts.flatMap((p) => p.samples.latencies);
      const queued = fetches.reduce((q, f) => q + f.queued(), 0);
      const most = Math.max(...fetches.map((f) => f.used()));
      console.log(
        `   ${String(n).padStart(2)} checks: wall ${wall.toFixed(0)} ms / slowest single ${single.toFixed(0)} ms = ratio ${(wall / single).toFixed(2)} (budget < 1.2); ${latencies.length} samples, worst reported ${Math.max(...latencies)} ms = ${(Math.max(...latencies) / TARGET_MS).toFixed(2)}x the target's ${TARGET_MS} ms; queued in the runtime ${queued}; most requests in one invocation ${most}; CPU this process spent on all ${n} invocations ${cpuMs.toFixed(0)} ms (deployed, each has its own)`,
      );
      const capped = invocationFetch(fetchImpl, limits);
      const oneStarted = performance.now();
      const { summary } = await runSmoke(
        { fetch: capped, environment },
        { criteria, limits: { connections: limits.connections, requests: limits.subrequests } },
      );
      const oneWall = performance.now() - oneStarted;
      console.log(
        `      the old design, all ${n} in one invocation: wall ${oneWall.toFixed(0)} ms = ratio ${(oneWall / single).toFixed(2)}, ${summary.samples.count} samples (${Math.round(summary.samples.count / n)} a check)`,
      );
    }
  } finally {
    target.kill();
  }
  console.log(
    "\n5b. upstream requests per press of Verify all, as the page sends it (4 smoke checks x 5 samples, one invocation each; reuse 5 s)",
  );
  for (const presses of [1, 20, 50]) {
    await (await fetch(`${stack.url}/api/demo/reset`, { method: "POST" })).text();
    const runs = await Promise.all(Array.from({ length: presses }, () => pressVerifyAll(stack.url, "demo")));
    const upstream = Object.values(stack.demo?.state.counts ?? {}).reduce((a, b) => a + b, 0);
    const whole = runs.filter((r) => r.statuses.every((s) => s === 200) && r.summary).length;
    console.log(
      `   ${String(presses).padStart(2)} concurrent presses: ${upstream} upstream requests in all, ${(upstream / presses).toFixed(1)} per press (${whole} of ${presses} got every check and a verdict)`,
    );
  }
}
