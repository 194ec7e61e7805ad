/**
 * Streamed exports (issue 22): the audit log at 100,000 rows, 20 exports at once of 10,000 and then of
 * 100,000 rows, then one CSV, JSON and Markdown export each, with the memory of the stack's own workerd
 * processes (RSS, sampled every 25 ms): an export holds one page, so the peak should not grow with the
 * rows. workerd's RSS holds the runtime, local D1 and V8's slack too; a deployed isolate's 128 MB is its
 * heap alone. Figures, never assertions.
 * Alone: `node bench/export.ts` (after `npm run build`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { executeLocalSql, type Stack, startStack } from "../scripts/lib/stack.ts";

const ROWS = 100_000;
const bindings = { RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_WRITES_PER_MINUTE: "100000" };

/** Every process: its parent and command line. */
function processes(): { pid: number; ppid: number; cmdline: string }[] {
  const all: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      all.push({ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8") });
    } catch {
      // Gone meanwhile.
    }
  }
  return all;
}

/** The workerd processes of the stack serving `port`: descendants of the wrangler started with that port. */
function workerdOf(port: string): Set<number> {
  const all = processes();
  const mine = new Set(all.filter((p) => p.cmdline.includes(`--port\0${port}\0`)).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
  }
  return new Set(all.filter((p) => mine.has(p.pid) && p.cmdline.includes("workerd")).map((p) => p.pid));
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
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo, bindings });
    const pids = workerdOf(new URL(stack.url).port);
    await (await fetch(`${stack.url}/api/audit?limit=1`)).text(); // warm up
    const idle = rssMb(pids);
    console.log(`   workerd idle, after one request         ${idle.toFixed(0)} MB (${pids.size} processes)`);
    // RSS is a high-water mark (freed heap is not handed back at once): the same 20 exports with ten times
    // the rows after them show whether memory grows with the rows (it should not) or only with the readers.
    for (const rows of [ROWS / 10, ROWS]) {
      const url = `${stack.url}/api/audit?format=csv&limit=${rows}`;
      const twenty = await peakDuring(pids, () => Promise.all(Array.from({ length: 20 }, () => drain(url))));
      console.log(
        `   20 CSV exports of ${rows.toLocaleString("en")} rows at once in ${twenty.ms.toFixed(0)} ms: peak ${twenty.peak.toFixed(0)} MB, +${(twenty.peak - idle).toFixed(0)} MB over idle`,
      );
    }
    for (const format of ["csv", "json", "md"]) {
      let bytes = 0;
      const url = `${stack.url}/api/audit?format=${format}`;
      const { peak, ms } = await peakDuring(pids, async () => {
        bytes = await drain(url);
      });
      console.log(
        `   then one ${format.padEnd(4)} export of ${ROWS.toLocaleString("en")} rows (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${ms.toFixed(0)} ms: peak ${peak.toFixed(0)} MB`,
      );
    }
  } finally {
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await exportBench();
