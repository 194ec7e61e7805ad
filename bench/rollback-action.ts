/**
 * The rollback action on the demo (bench/run.ts part 8), through the real Function in workerd with D1:
 *   - a press, from the request to Cloudflare's confirmation (the `rolled-back` line) and to the verified
 *     result (smoke suite and version check included), median of RUNS presses;
 *   - PRESSES simultaneous presses for the same target: how many rollback calls reached the Pages stand-in
 *     (the design says exactly one) and how long the last answer took.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Stack, startStack } from "../scripts/lib/stack.ts";
import { percentile } from "../src/core/checks/stats.ts";
import type { RollbackActionState } from "../src/core/deploy/rollback-action.ts";

const RUNS = 7;
const PRESSES = 10;
const ROLLBACK_ROUTE =
  "POST /cloudflare/client/v4/accounts/:account/pages/projects/:project/deployments/:deployment/rollback";

async function pressOnce(stack: Stack): Promise<{ confirmedMs: number; resultMs: number; outcome: string }> {
  const state = (await (await fetch(`${stack.url}/api/actions/rollback?env=demo`)).json()) as RollbackActionState;
  const started = performance.now();
  const res = await fetch(`${stack.url}/api/actions/rollback?env=demo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      target: state.targets[0]?.id,
      reason: "bench",
      confirm: "demo",
      expectedLive: state.live?.id,
      requestId: randomUUID(),
      issuedAt: state.issuedAt,
    }),
  });
  let confirmedMs = Number.NaN;
  let outcome = `HTTP ${res.status}`;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body ?? []) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (const line of buffer.split("\n").slice(0, -1)) {
      const event = JSON.parse(line) as { type: string; outcome?: string };
      if (event.type === "rolled-back") confirmedMs = performance.now() - started;
      if (event.type === "result") outcome = event.outcome ?? outcome;
    }
    buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
  }
  return { confirmedMs, resultMs: performance.now() - started, outcome };
}

export async function rollbackActionBench(): Promise<void> {
  console.log("\n8. The rollback action on the demo (workerd, D1)");
  const persistTo = mkdtempSync(join(tmpdir(), "runbook-bench-action-"));
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      port: 0,
      demoPort: 0,
      build: false,
      persistTo,
      bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000" },
    });
    const demo = stack.demo;
    if (!demo) throw new Error("the bench needs the demo");
    const confirmed: number[] = [];
    const results: number[] = [];
    for (let i = 0; i < RUNS + 1; i += 1) {
      demo.state.reset();
      demo.state.update({ newestDeploy: "broken" });
      const run = await pressOnce(stack);
      if (run.outcome !== "verified") throw new Error(`press ${i} ended ${run.outcome}`);
      if (i === 0) continue; // warm-up
      confirmed.push(run.confirmedMs);
      results.push(run.resultMs);
    }
    console.log(
      `   press → Cloudflare confirmed, median     ${percentile(confirmed, 50).toFixed(0)} ms   (${RUNS} presses)`,
    );
    console.log(`   press → verified result, median          ${percentile(results, 50).toFixed(0)} ms`);

    demo.state.reset();
    const started = performance.now();
    const together = await Promise.all(Array.from({ length: PRESSES }, () => pressOnce(stack as Stack)));
    const calls = demo.state.counts[ROLLBACK_ROUTE] ?? 0;
    const verified = together.filter((r) => r.outcome === "verified").length;
    console.log(
      `   ${PRESSES} simultaneous presses: ${calls} rollback call(s) upstream (design: 1), ${verified} streams verified, the rest refused with who did it; all answered in ${(performance.now() - started).toFixed(0)} ms`,
    );
  } finally {
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}
