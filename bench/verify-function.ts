/**
 * @module
 * Verify-all through the local Function at 4, 16 and 40 smoke checks, as the page runs it: the check
 * list, then one `POST /api/verify/checks/{id}` per check, all at once, each its own invocation. The
 * Function is the project's own (`apiRequestHandler`) with a configuration of three environments of
 * 4, 16 and 40 checks against a target in a process of its own that answers in 300 ms. Prints, per size:
 * the wall time over the slowest single check run alone (budget < 1.2), and the latency the samples
 * report beside the target's own (the same number of requests sent at once straight from here), so
 * the difference is what the Function adds to what it reports; and the same press against a floor Function
 * with no runbook code that only takes the same samples, in the same stack, so what workerd costs alone
 * is measured beside what the runbook adds. `node bench/verify-function.ts` runs
 * this part alone; `npm run bench` runs it as part 1b.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, fetch as undiciFetch } from "undici";
import { root } from "../scripts/lib/processes.ts";
import { startStack } from "../scripts/lib/stack.ts";
import { percentile } from "../src/core/checks/stats.ts";
import { pressVerifyAll } from "./verify-limits.ts";

const TARGET_MS = 300;
const SIZES = (process.env.BENCH_SIZES ?? "4,16,40").split(",").map(Number);
const SAMPLES = 5;
const ROUNDS = 3;

/** A target in a process of its own, so neither the bench nor the stack slows its answers. */
async function startTarget(): Promise<{ origin: string; pid: number | undefined; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => setTimeout(() => s.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), ${TARGET_MS})).listen(0, "127.0.0.1", 1024, function () { console.log(this.address().port) })`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [port] = (await once(child.stdout, "data")) as [Buffer];
  return { origin: `http://127.0.0.1:${port.toString().trim()}`, pid: child.pid, stop: () => child.kill() };
}

/** The configuration the bench's Function loads: environments `n4`, `n16`, `n40`, every check a smoke check. */
function benchConfig(origin: string) {
  const environments = Object.fromEntries(
    SIZES.map((n) => [
      `n${n}`,
      {
        label: `${n} checks`,
        targets: { app: origin },
        checks: Array.from({ length: n }, (_, i) => ({
          id: `c${i}`,
          title: `Check ${i}`,
          target: "app",
          path: `/${i}`,
          smoke: true,
        })),
      },
    ]),
  );
  return {
    successCriteria: { maxErrorRate: 0.01, p95Ms: 2000, samples: SAMPLES, concurrency: 6 },
    environments,
  };
}

/** A folder wrangler runs in: the built site, the project's wrangler.toml, and a Function for `config`. */
function functionFolder(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "runbook-bench-verify-"));
  symlinkSync(join(root, "dist"), join(dir, "dist"));
  copyFileSync(join(root, "wrangler.toml"), join(dir, "wrangler.toml"));
  symlinkSync(join(root, "migrations"), join(dir, "migrations"));
  mkdirSync(join(dir, "functions", "api"), { recursive: true });
  writeFileSync(join(dir, "bench-config.json"), JSON.stringify(config));
  writeFileSync(
    join(dir, "functions", "api", "[[route]].ts"),
    `import config from "../../bench-config.json";
import { apiRequestHandler } from ${JSON.stringify(join(root, "src/server/index.ts"))};
const answer = apiRequestHandler(config);
export const onRequest = (context) => answer(context.request, context.env, context);
`,
  );
  // The floor: a Function that only makes each check's samples and answers, with no runbook code at all.
  mkdirSync(join(dir, "functions", "floor"), { recursive: true });
  writeFileSync(
    join(dir, "functions", "floor", "[[route]].ts"),
    `import config from "../../bench-config.json";
export const onRequest = async ({ request }) => {
  const url = new URL(request.url);
  const environment = config.environments[url.searchParams.get("env")];
  const check = environment.checks.find((c) => c.id === url.pathname.split("/").pop());
  const latencies = await Promise.all(
    Array.from({ length: config.successCriteria.samples }, async () => {
      const started = Date.now();
      await (await fetch(environment.targets.app + check.path)).text();
      return Date.now() - started;
    }),
  );
  return Response.json({ id: check.id, latencies });
};
`,
  );
  return dir;
}

/** Verify-all against the floor Function: one request per check, all at once; the wall time. */
async function pressFloor(siteUrl: string, env: string, n: number): Promise<number> {
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${siteUrl}/floor/c${i}?env=${env}`).then(async (res) => {
        await res.text();
        return res.status;
      }),
    ),
  );
  if (statuses.some((s) => s !== 200)) throw new Error(`the floor Function answered ${statuses.join(", ")}`);
  return performance.now() - started;
}

/** Latencies of `count` requests sent at once straight to the target from this process. */
async function direct(origin: string, count: number, dispatcher: Agent): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const started = performance.now();
      await (await undiciFetch(`${origin}/${i}`, { dispatcher })).text();
      return performance.now() - started;
    }),
  );
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** The processes started by this one, at any depth (wrangler, workerd). */
function descendants(): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  const found = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
  }
  found.delete(process.pid);
  return [...found];
}

/** CPU time (ms) the named processes among `pids` have used so far (Linux; 0 elsewhere). */
function cpuOf(pids: number[], name: string): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes(`(${name}`)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

export async function verifyAllThroughFunction(): Promise<void> {
  const target = await startTarget();
  const dir = functionFolder(benchConfig(target.origin));
  const state = mkdtempSync(join(tmpdir(), "runbook-bench-state-"));
  const dispatcher = new Agent({ connections: 1024 });
  try {
    const stack = await startStack({
      port: 0,
      demoPort: 0,
      build: false,
      withoutDemo: true,
      wranglerDir: dir,
      persistTo: state,
      bindings: { RUNBOOK_REUSE_SECONDS: "0", RUNBOOK_RUNS_PER_MINUTE: "100000" },
    });
    try {
      console.log(
        `\n1b. verify-all through the local Function, one invocation per check (${SAMPLES} samples each, all in flight), target answers in ${TARGET_MS} ms; median of ${ROUNDS} presses`,
      );
      for (const n of SIZES) {
        const env = `n${n}`;
        const one = (id: string) =>
          fetch(`${stack.url}/api/verify/checks/${id}?env=${env}`, { method: "POST" }).then((r) => r.text());
        await pressVerifyAll(stack.url, env); // warm-up: the isolate, its sockets, the audit table
        let single = 0;
        for (const id of ["c0", "c1", "c2", "c3"]) {
          const runs: number[] = [];
          for (let r = 0; r < ROUNDS; r += 1) {
            const started = performance.now();
            await one(id);
            runs.push(performance.now() - started);
          }
          single = Math.max(single, percentile(runs, 50));
        }
        const rounds: {
          wall: number;
          reported: number[];
          own: number[];
          ok: boolean;
          cpu: number;
          proxy: number;
          floor: number;
          bare: number;
        }[] = [];
        const pids = descendants().filter((pid) => pid !== target.pid);
        for (let r = 0; r < ROUNDS; r += 1) {
          const cpuBefore = cpuOf(pids, "workerd");
          const proxyBefore = cpuOf(pids, "MainThread");
          const started = performance.now();
          const press = await pressVerifyAll(stack.url, env);
          const wall = performance.now() - started;
          const cpu = cpuOf(pids, "workerd") - cpuBefore;
          const proxy = cpuOf(pids, "MainThread") - proxyBefore;
          // The same number of requests at once to a route that probes nothing: what the local stack takes alone.
          const floorStarted = performance.now();
          await Promise.all(
            Array.from({ length: n + 1 }, () => fetch(`${stack.url}/api/checks?env=${env}`).then((res) => res.text())),
          );
          const floor = performance.now() - floorStarted;
          const own = await direct(target.origin, n * SAMPLES, dispatcher);
          const bare = await pressFloor(stack.url, env, n);
          rounds.push({
            wall,
            reported: press.parts.flatMap((p) => p.samples.latencies),
            own,
            ok: press.statuses.every((s) => s === 200) && press.parts.length === n,
            cpu,
            proxy,
            floor,
            bare,
          });
        }
        rounds.sort((a, b) => a.wall - b.wall);
        const { wall, reported, own, ok, cpu, proxy, floor, bare } = rounds[
          Math.floor(ROUNDS / 2)
        ] as (typeof rounds)[number];
        const [r50, rMax, o50, oMax] = [
          percentile(reported, 50),
          Math.max(...reported),
          percentile(own, 50),
          Math.max(...own),
        ];
        console.log(
          `   ${String(n).padStart(2)} checks: wall ${ms(wall)} / slowest single ${ms(single)} = ratio ${(wall / single).toFixed(2)} (budget < 1.2)${ok ? "" : "; SOME CHECKS FAILED"}`,
        );
        console.log(
          `      the floor: a Function with no runbook code that only takes the same ${n * SAMPLES} samples, through the same stack: ${ms(bare)} = ratio ${(bare / single).toFixed(2)}; the runbook adds ${ms(wall - bare)}`,
        );
        console.log(
          `      where it goes: workerd (one isolate for all ${n} invocations) used ${ms(cpu)} of CPU, ${(cpu / n).toFixed(1)} ms an invocation; wrangler's proxy (Node) ${ms(proxy)}; ${n + 1} requests that probe nothing take ${ms(floor)} through the local stack`,
        );
        console.log(
          `      reported latency p50 ${ms(r50)}, max ${ms(rMax)}; the target's own (${n * SAMPLES} at once from here) p50 ${ms(o50)}, max ${ms(oMax)}; reported minus own: p50 ${ms(r50 - o50)}, max ${ms(rMax - oMax)}`,
        );
      }
    } finally {
      await stack.stop();
    }
  } finally {
    await dispatcher.close();
    target.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.main) await verifyAllThroughFunction();
