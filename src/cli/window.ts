/**
 * @module
 * The deployment-window warning of `verify`: one line on stderr when a production (or demo) run happens
 * outside the runbook's best window. It informs; it never changes the exit code.
 */
import type { DeployWindow } from "../core/config/deploy-window.ts";
import { evaluateWindow } from "../core/window/evaluate.ts";
import { formatClock, formatDuration, formatSpan } from "../core/window/format.ts";
import { UsageError } from "./config.ts";
import type { Style } from "./format.ts";

/** Env variable that replaces the clock of the window warning; for tests only. */
export const NOW_VARIABLE = "RUNBOOK_NOW";

/** The instant the warning is about: `RUNBOOK_NOW` when set (tests), else the machine's clock. */
export function windowClock(env: Record<string, string | undefined>): Date {
  const value = env[NOW_VARIABLE];
  if (value === undefined || value === "") return new Date();
  const now = new Date(value);
  // An ISO instant with a zone, so a test means the same moment on every machine.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(now.getTime()))
    throw new UsageError(
      "bad_now",
      `${NOW_VARIABLE}: expected an ISO 8601 instant such as 2026-11-27T15:10:00Z, got "${value}"`,
    );
  return now;
}

/**
 * `! Outside the deployment window: Friday. Team time: Fri 10:10 America/New_York. Next best window: …`,
 * or undefined inside the best window.
 */
export function windowWarning(now: Date, rules: DeployWindow, style: Style): string | undefined {
  const evaluation = evaluateWindow(now, rules);
  if (evaluation.verdict === "best") return undefined;
  const zone = rules.timeZone;
  const where = evaluation.verdict === "avoid" ? "Outside the deployment window" : "Outside the best deployment window";
  const next = evaluation.next
    ? ` Next best window: ${formatSpan(evaluation.next, zone)} ${zone} (in ${formatDuration(Date.parse(evaluation.next.start) - now.getTime())}).`
    : " No best window in the coming year: check deployWindow.holidays.";
  const line = `! ${where}: ${evaluation.reasons.join("; ")}. Team time: ${formatClock(now, zone)} ${zone}.${next}`;
  return evaluation.verdict === "avoid" ? style.red(line) : style.yellow(line);
}

export interface WindowAnswer {
  /** Inside the window: the best hours, or acceptable ones; false when a rule says not now. */
  inside: boolean;
  /** What `--window` prints. */
  text: string;
  /** The note to record when the run goes ahead outside the window on an override. */
  overridden: string | undefined;
}

/**
 * `verify --window`: whether now is inside the deployment window, and why not, with the next best
 * window; with `--override-window` a run outside it goes ahead, and the override is worded for the log.
 */
export function windowAnswer(now: Date, rules: DeployWindow, override: string | undefined, style: Style): WindowAnswer {
  const evaluation = evaluateWindow(now, rules);
  const zone = rules.timeZone;
  const clock = `Team time: ${formatClock(now, zone)} ${zone}.`;
  const next = evaluation.next
    ? ` Next best window: ${formatSpan(evaluation.next, zone)} ${zone} (in ${formatDuration(Date.parse(evaluation.next.start) - now.getTime())}).`
    : " No best window in the coming year: check deployWindow.holidays.";
  const reasons = evaluation.reasons.join("; ");
  if (evaluation.verdict === "best")
    return {
      inside: true,
      text: style.green(`✓ Inside the deployment window: ${reasons}. ${clock}`),
      overridden: undefined,
    };
  if (evaluation.verdict === "ok")
    return {
      inside: true,
      text: style.yellow(`✓ Inside the deployment window, though not its best hours: ${reasons}. ${clock}${next}`),
      overridden: undefined,
    };
  if (override === undefined)
    return {
      inside: false,
      text: style.red(
        `✗ Outside the deployment window: ${reasons}. ${clock}${next} To deploy anyway, run again with --override-window "<reason>"; the reason is recorded.`,
      ),
      overridden: undefined,
    };
  return {
    inside: false,
    text: style.yellow(
      `! Outside the deployment window (${reasons}), going ahead on an override: ${override}. ${clock}`,
    ),
    overridden: `Deployed outside the deployment window (${reasons}; team time ${formatClock(now, zone)} ${zone}). Override reason: ${override}`,
  };
}
