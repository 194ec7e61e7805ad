/**
 * Streamed exports (issue 22): the audit log at 100,000 rows exported as CSV, JSON and Markdown, once and
 * 20 at once, with the memory of the stack's workerd processes (RSS, sampled every 25 ms) before and at
 * its peak: an export holds one page, so the peak should not grow with the rows. Figures, never assertions.
 * Alone: `node bench/export.ts` (after `npm run build`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { executeLocalSql, type Stack, startStack } from "../scripts/lib/stack.ts";

const ROWS = 100_000;
const bindings = { RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_WRITES_PER_MINUTE: "100000" };

/** Process ids whose command line names workerd. */
function workerdPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("workerd")) pids.add(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Resident memory of these processes together, in MB. */
function rssMb(pids: Iterable<number>): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return kb / 1024;
}

/** Runs `work` while sampling the RSS of `pids`; answers the peak and the time taken. */
async function peakDuring(pids: Set<number>, work: () => Promise<unknown>): Promise<{ peak: number; ms: number }> {
  let peak = rssMb(pids);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pids));
  }, 25);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { peak: Math.max(peak, rssMb(pids)), ms: performance.now() - started };
}

/** Reads an export to its end, counting bytes without keeping them. */
async function drain(url: string): Promise<number> {
  const res = await fetch(url);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}

export async function exportBench(): Promise<void> {
  console.log(`\n10. Streamed exports: the audit log at ${ROWS.toLocaleString("en")} rows, workerd RSS`);
  const persistTo = mkdtempSync(join(tmpdir(), "runbook-bench-export-"));
  let stack: Stack | undefined;
  try {
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo, bindings });
    await stack.stop();
    await executeLocalSql(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
       INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms)
       SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', i * 30)), printf('person%d@dashtray.example', i % 20),
         CASE i % 3 WHEN 0 THEN 'production' WHEN 1 THEN 'staging' ELSE 'demo' END, 'check', 'app-health', 'pass', 200, 40 FROM n`,
      persistTo,
    );
    const before = workerdPids();
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo, bindings });
    const pids = new Set([...workerdPids()].filter((pid) => !before.has(pid)));
    await (await fetch(`${stack.url}/api/audit?limit=1`)).text(); // warm up
    const idle = rssMb(pids);
    console.log(`   workerd idle, after one request         ${idle.toFixed(0)} MB (${pids.size} processes)`);
    for (const format of ["csv", "json", "md"]) {
      let bytes = 0;
      const url = `${stack.url}/api/audit?format=${format}`;
      const { peak, ms } = await peakDuring(pids, async () => {
        bytes = await drain(url);
      });
      console.log(
        `   one ${format.padEnd(4)} export (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${ms.toFixed(0)} ms: peak ${peak.toFixed(0)} MB, +${(peak - idle).toFixed(0)} MB over idle`,
      );
    }
    const url = `${stack.url}/api/audit?format=csv`;
    const twenty = await peakDuring(pids, () => Promise.all(Array.from({ length: 20 }, () => drain(url))));
    console.log(
      `   20 CSV exports at once in ${twenty.ms.toFixed(0)} ms: peak ${twenty.peak.toFixed(0)} MB, +${(twenty.peak - idle).toFixed(0)} MB over idle (a deployed isolate has 128 MB)`,
    );
  } finally {
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await exportBench();
