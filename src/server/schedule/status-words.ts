/**
 * @module
 * The Status widget's words: the verdict over an environment's checks between deploys and the line each
 * check gets. The Function says them (`GET /api/uptime/view`), so the page ships none of them.
 */
import type { CheckUptime, UptimeAnswer, UptimeView } from "../../core/uptime/schemas.ts";

const percent = (share: number | null) => (share === null ? "no runs" : `${Math.round(share * 10_000) / 100}%`);

export function statusVerdict(answer: UptimeAnswer): UptimeView["verdict"] {
  if (!answer.schedule)
    return { state: "idle", code: "unscheduled", text: `No checks between deploys for ${answer.environment}` };
  const open = answer.checks.filter((c) => c.openIncident);
  if (open.length > 0)
    return {
      state: "fail",
      code: "incident",
      text: `Incident open: ${open.map((c) => c.check).join(", ")}`,
    };
  if (answer.checks.every((c) => c.lastRun === null))
    return { state: "idle", code: "no-runs", text: `No scheduled run yet on ${answer.environment}` };
  const down = answer.checks.filter((c) => c.lastRun && (c.lastRun.status === "fail" || c.lastRun.status === "error"));
  if (down.length > 0)
    return { state: "warn", code: "failing", text: `Failing, no incident yet: ${down.map((c) => c.check).join(", ")}` };
  return { state: "pass", code: "up", text: `All ${answer.checks.length} scheduled checks up` };
}

/** "99.5% over 24 h (120 runs) · 99.9% over 7 d · p95 180 ms" */
export function figuresLine(check: CheckUptime): string {
  const p95 = check.p95Ms24h === null ? "" : ` · p95 ${check.p95Ms24h} ms`;
  return `${percent(check.uptime24h)} over 24 h (${check.runs24h} runs) · ${percent(check.uptime7d)} over 7 d${p95}`;
}
