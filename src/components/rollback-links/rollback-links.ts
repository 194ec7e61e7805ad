/**
 * @module
 * What each rollback widget says, as plain data (no DOM): the status line per kind and the rows of
 * the Pages deployment table.
 */
import { shortSha } from "../../core/deploy/commits.ts";
import { ago } from "../../core/deploy/format.ts";
import { type PagesRowAction, pagesAdvice, pagesRowAction } from "../../core/deploy/rollback.ts";
import type { PagesRollback, RollbackCandidate, RollbackReport } from "../../core/deploy/schemas.ts";

export const rollbackKinds = ["pages", "convex", "git"] as const;
export type RollbackKind = (typeof rollbackKinds)[number];

export interface CandidateRow {
  id: string;
  mark: "live" | "last-good" | "newest" | "";
  markText: string;
  deployment: string;
  dashboardUrl: string;
  commit: string;
  commitUrl?: string;
  message: string;
  age: string;
  createdOn: string;
  rollbackCommand: string;
  /** What the row's copy button does: nothing for the served one, else back, forward, or back only if the served one is bad too. */
  action: PagesRowAction;
  /** The copy button's name, saying which way it moves Pages. */
  actionLabel: string;
}

const marks = { live: "● Live", "last-good": "★ Last good", newest: "○ Newest, not served", "": "" } as const;
const actionLabels: Record<PagesRowAction, (live: string) => string> = {
  serving: () => "",
  "roll-back": () => "Copy rollback command",
  "roll-forward": () => "Copy roll-forward command",
  "if-bad-too": (live) => `Copy rollback command (only if ${live} is bad too)`,
};

/**
 * One row per successful production deployment: live marked, last good highlighted, and after a
 * rollback the newest one marked as not served, each with age, commit and which way its command
 * moves Pages.
 */
export function candidateRows(
  pages: Pick<PagesRollback, "candidates" | "live" | "lastGood" | "newest" | "rolledBack">,
  now: number,
): CandidateRow[] {
  const newestNotServed = pages.rolledBack ? pages.newest?.id : undefined;
  return pages.candidates.map((c) => {
    // After a rollback the one before the served deployment is a target only if the served one is bad
    // too: calling it "last good" invited a second rollback.
    const mark = c.live
      ? "live"
      : c.lastGood && !pages.rolledBack
        ? "last-good"
        : c.id === newestNotServed
          ? "newest"
          : "";
    const action = pagesRowAction(c, pages);
    return { ...row(c, mark, now), action, actionLabel: actionLabels[action](pages.live?.shortId ?? "the live one") };
  });
}

function row(
  c: RollbackCandidate,
  mark: CandidateRow["mark"],
  now: number,
): Omit<CandidateRow, "action" | "actionLabel"> {
  return {
    id: c.id,
    mark,
    markText: marks[mark],
    deployment: c.shortId,
    dashboardUrl: c.dashboardUrl,
    commit: c.commit ? shortSha(c.commit) : "no commit",
    ...(c.commitUrl && { commitUrl: c.commitUrl }),
    message: c.commitMessage ?? "",
    age: ago(c.createdOn, now),
    createdOn: c.createdOn,
    rollbackCommand: c.rollbackCommand,
  };
}

/** The line a reader sees first for one kind: the target, or why there is none. */
export function rollbackStatus(
  kind: RollbackKind,
  report: RollbackReport,
): { state: "pass" | "warn" | "error"; text: string } {
  const section = report[kind];
  if (!section.ok) return { state: "error", text: section.error.message };
  if (kind === "pages" && report.pages.ok) {
    const p = report.pages.data;
    const advice = pagesAdvice(p);
    if (advice.situation === "rolled-back") return { state: "warn", text: advice.headline };
    if (!p.lastGood)
      return {
        state: "warn",
        // "Nothing earlier" only when the whole list was read; otherwise say how far the search went.
        text:
          p.searched && !p.searched.complete
            ? `No earlier successful production deployment in the newest ${p.searched.deployments}: look further back in the Pages dashboard.`
            : "No earlier successful production deployment to roll back to.",
      };
    return { state: "pass", text: `Last good: ${p.lastGood.shortId}, ${ago(p.lastGood.createdOn)}.` };
  }
  if (kind === "convex" && report.convex.ok) {
    const c = report.convex.data;
    if (c.upToDate)
      return { state: "pass", text: `The backend already runs ${shortSha(c.target.sha)}: nothing to redeploy.` };
    const now = c.current ? `runs ${shortSha(c.current.sha)}` : "reports no version";
    return { state: "warn", text: `The backend ${now}; redeploy ${shortSha(c.target.sha)}.` };
  }
  if (kind === "git" && report.git.ok) {
    const g = report.git.data;
    if (g.warning) return { state: "warn", text: g.warning.message };
    const count = g.commitCount === null ? "" : ` (${g.commitCount} commit${g.commitCount === 1 ? "" : "s"})`;
    return { state: "warn", text: `Revert ${shortSha(g.good.sha)}..${shortSha(g.bad.sha)}${count}.` };
  }
  return { state: "error", text: "Nothing to show." };
}
