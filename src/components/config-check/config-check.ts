/**
 * @module
 * What the configuration check says, as plain data (no DOM): the status line and each place's state.
 */
import type { ConfigCheckReport, VariableGroupReport } from "../../core/incidents/schemas.ts";
import type { Verdict } from "../shared/panel.ts";

const short: Record<VariableGroupReport["group"], string> = {
  function: "Function",
  pages: "Pages",
  convex: "Convex",
  github: "GitHub",
};

/** The line a reader sees first: all set, which are missing where, or what could not be read. */
export function configVerdict(report: ConfigCheckReport): Verdict {
  const required = report.groups.reduce((n, g) => n + g.required.length, 0);
  if (report.status === "missing") {
    const names = report.groups.flatMap((g) =>
      g.result.ok ? g.result.data.filter((v) => !v.present).map((v) => `${v.name} (${short[g.group]})`) : [],
    );
    return { state: "fail", code: "missing", text: `${report.missing} missing: ${names.join(", ")}` };
  }
  const unread = report.groups.filter((g) => !g.result.ok).map((g) => short[g.group]);
  if (report.status === "incomplete")
    return {
      state: "warn",
      code: "incomplete",
      text: `None missing where read; not read: ${unread.join(", ")} (check by hand below)`,
    };
  return { state: "pass", code: "complete", text: `All ${required} required variables are set` };
}

/** One place as the widget lists it. */
export function groupState(group: VariableGroupReport): { state: "ok" | "missing" | "unread" | "none"; text: string } {
  if (group.required.length === 0) return { state: "none", text: "nothing required here in runbook.config.json" };
  if (!group.result.ok) return { state: "unread", text: group.result.error.message };
  const missing = group.result.data.filter((v) => !v.present).length;
  return missing > 0
    ? { state: "missing", text: `${missing} of ${group.required.length} missing` }
    : { state: "ok", text: `all ${group.required.length} set` };
}
