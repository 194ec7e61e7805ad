/**
 * The shared history's costs (D1 in workerd, real local SQLite):
 *   - what the audit write adds to a check run: median latency with the database bound vs without;
 *   - listing 1,000 deployments in one answer;
 *   - the audit log at 100,000 rows: a filtered first page, and the full CSV export.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeLocalSql, type Stack, startStack } from "../scripts/lib/stack.ts";
import { startStackWithToml, withoutDatabase } from "../scripts/lib/toml-stack.ts";
import { percentile } from "../src/core/checks/stats.ts";

const RUNS = 60;
const bindings = { RUNBOOK_REUSE_SECONDS: "0", RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_WRITES_PER_MINUTE: "100000" };

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const body = await (await fetch(url, init)).arrayBuffer();
  return { ms: performance.now() - started, bytes: body.byteLength };
}

/** Median check-run latency of two stacks, measured in alternation so machine load hits both alike. */
async function medianRuns(a: Stack, b: Stack): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS + 5; i += 1)
    for (const [k, stack] of [a, b].entries()) {
      const { ms } = await timed(`${stack.url}/api/checks/app-health/run?env=demo`, { method: "POST" });
      if (i >= 5) times[k]?.push(ms);
    }
  return [percentile(times[0], 50), percentile(times[1], 50)];
}

export async function historyBench(): Promise<void> {
  console.log("\n7. Shared history (D1 in workerd)");
  const persistTo = mkdtempSync(join(tmpdir(), "runbook-bench-history-"));
  let stack: Stack | undefined;
  let bare: Stack | undefined;
  try {
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo, bindings });
    bare = await startStackWithToml(withoutDatabase, { database: false, bindings });
    const [without, withAudit] = await medianRuns(bare, stack);
    console.log(
      `   check run, median of ${RUNS}: without a database ${without.toFixed(2)} ms, with the audit write ${withAudit.toFixed(2)} ms`,
    );
    console.log(`   added by the audit write, median    ${(withAudit - without).toFixed(2)} ms`);
    await stack.stop();
    stack = undefined;

    const rows = (n: number, insert: string) =>
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}) ${insert}`;
    await executeLocalSql(
      rows(
        1000,
        `INSERT INTO deployments (environment, target_commit, version, started_by, started_at, status)
         SELECT 'staging', printf('%040x', i), printf('1.%d.0', i), 'bench@dashtray.example',
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d hours', i)), 'succeeded' FROM n`,
      ),
      persistTo,
    );
    await executeLocalSql(
      rows(
        100_000,
        `INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms)
         SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', i * 60)), printf('person%d@dashtray.example', i % 20),
           CASE i % 3 WHEN 0 THEN 'production' WHEN 1 THEN 'staging' ELSE 'demo' END, 'check', 'app-health', 'pass', 200, 40 FROM n`,
      ),
      persistTo,
    );
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo, bindings });
    const median = async (url: string) => {
      const runs = [];
      for (let i = 0; i < 5; i += 1) runs.push(await timed(url));
      return {
        ms: percentile(
          runs.map((r) => r.ms),
          50,
        ),
        bytes: runs[0]?.bytes ?? 0,
      };
    };
    const list = await median(`${stack.url}/api/deployments?env=staging&limit=1000`);
    console.log(
      `   list 1,000 deployments (one answer, ${(list.bytes / 1024).toFixed(0)} KB), median of 5   ${list.ms.toFixed(1)} ms`,
    );
    const md = await median(`${stack.url}/api/deployments?env=staging&limit=1000&format=md`);
    console.log(`   the same as a Markdown export                      ${md.ms.toFixed(1)} ms`);
    const page = await median(`${stack.url}/api/audit?env=production&person=person3@dashtray.example&limit=200`);
    console.log(`   audit at 100,000 rows: first page of 200, filtered by env and person   ${page.ms.toFixed(1)} ms`);
    const exportAll = await timed(`${stack.url}/api/audit?format=csv`);
    console.log(
      `   audit at 100,000 rows: full CSV export (${(exportAll.bytes / 1024 / 1024).toFixed(1)} MB)              ${exportAll.ms.toFixed(0)} ms`,
    );
  } finally {
    await stack?.stop();
    await bare?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
