/**
 * @module
 * What the version panel says, as plain data (no DOM): the status line and one row per part, each
 * with its value, a link, and a note or the reason it could not be read.
 */
import { shortSha } from "../../core/deploy/commits.ts";
import { ago } from "../../core/deploy/format.ts";
import type { ReportedVersion, Section, VersionReport } from "../../core/deploy/schemas.ts";
import { deployRunRow } from "../shared/deploy-run-row.ts";

export type PanelState = "pass" | "warn" | "error";

export interface Row {
  key: "frontend" | "backend" | "pages" | "run" | "staging";
  label: string;
  value: string;
  href?: string;
  note?: string;
  /** Why this part could not be read; replaces value and note. */
  error?: string;
}

/** The line a reader sees first: in sync, drift (how many warnings), or incomplete (what is missing). */
export function panelStatus(
  report: VersionReport,
  shown: RowOptions = {},
): { state: PanelState; symbol: string; text: string } {
  const warnings = report.drift.filter((d) => d.severity === "warn").length;
  if (report.status === "drift")
    return { state: "warn", symbol: "!", text: `Drift: ${warnings} warning${warnings === 1 ? "" : "s"}` };
  // Only the rows the reader sees: naming a part without a row ("staging" under Demo) sent readers looking for it.
  const missing = versionRows(report, Date.now(), shown)
    .filter((r) => r.error)
    .map((r) => r.label.toLowerCase());
  if (report.status === "incomplete")
    return { state: "warn", symbol: "○", text: `Incomplete: could not read ${missing.join(", ")}` };
  const commit = report.frontend.ok ? ` on ${shortSha(report.frontend.data.commit)}` : "";
  return { state: "pass", symbol: "✓", text: `In sync${commit}` };
}

function versionRow(key: Row["key"], label: string, section: Section<ReportedVersion>, now: number): Row {
  if (!section.ok) return { key, label, value: "", error: section.error.message };
  const v = section.data;
  const note = [v.version, v.deployment, v.builtAt ? `built ${ago(v.builtAt, now)}` : undefined]
    .filter(Boolean)
    .join(" · ");
  return { key, label, value: shortSha(v.commit), ...(v.commitUrl && { href: v.commitUrl }), ...(note && { note }) };
}

export interface RowOptions {
  /**
   * The demo's staging stand-in only feeds the "staging is ahead" lesson; a Staging row under Demo reads
   * as a second environment, so the demo shows none.
   */
  demo?: boolean;
}

export function versionRows(report: VersionReport, now: number, options: RowOptions = {}): Row[] {
  const rows: Row[] = [
    versionRow("frontend", "Frontend", report.frontend, now),
    versionRow("backend", "Backend (Convex)", report.backend, now),
  ];
  const pages = report.pages;
  if (!pages.ok) rows.push({ key: "pages", label: "Pages serving", value: "", error: pages.error.message });
  else if (!pages.data.live)
    rows.push({
      key: "pages",
      label: "Pages serving",
      value: "nothing",
      note: "the project has no canonical deployment",
    });
  else {
    const live = pages.data.live;
    const newest = pages.data.newest;
    const notes = [
      live.commit ? `commit ${shortSha(live.commit)}` : "no commit recorded",
      `deployed ${ago(live.createdOn, now)}`,
      newest && newest.id !== live.id ? `newest is ${newest.shortId}, not served` : "the newest production deployment",
    ];
    rows.push({
      key: "pages",
      label: "Pages serving",
      value: live.shortId,
      href: live.dashboardUrl,
      note: notes.join(" · "),
    });
  }
  rows.push(deployRunRow(report.deployRun, now, (r, started) => `commit ${shortSha(r.headSha)} · started ${started}`));
  if (report.staging && !options.demo) {
    const s = report.staging;
    if (!s.ok) rows.push({ key: "staging", label: "Staging", value: "", error: s.error.message });
    else {
      const c = s.data.comparison;
      const note = c
        ? c.status === "identical"
          ? "same as production"
          : `${c.status}: +${c.aheadBy} / -${c.behindBy} commits`
        : undefined;
      rows.push({
        key: "staging",
        label: "Staging",
        value: shortSha(s.data.version.commit),
        ...(s.data.version.commitUrl && { href: s.data.version.commitUrl }),
        ...(note && { note }),
      });
    }
  }
  return rows;
}
