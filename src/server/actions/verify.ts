/**
 * @module
 * The verification after a switch: the smoke suite, each result and the summary published as they
 * come, within what the invocation has left after the action's own requests.
 */
import { runSmoke } from "../../core/checks/run.ts";
import type { VerifySummary } from "../../core/result.ts";
import type { ActionRun } from "./types.ts";

/**
 * Runs the smoke suite, `reserved` subrequests kept back for the action's other requests; reused check
 * answers are forgotten first (they describe what was served before).
 */
export async function smokeRun(o: ActionRun, reserved: number): Promise<VerifySummary> {
  const { runtime, env, publish } = o;
  await Promise.all([runtime.reuse.checks.clear(), runtime.reuse.verify.clear()]);
  const { summary } = await runSmoke(
    { fetch: runtime.fetch, environment: env },
    {
      criteria: runtime.loaded.config.successCriteria,
      limits: {
        connections: runtime.limits.connections,
        requests: Math.max(5, runtime.limits.subrequests - reserved),
      },
      onResult: (result) => publish({ type: "check", result }),
    },
  );
  publish({ type: "smoke", summary });
  return summary;
}
