/**
 * @module
 * What the build panel says, as plain data (no DOM): the verdict line and the rows.
 */
import { shortSha } from "../../core/deploy/commits.ts";
import type { BuildReport } from "../../core/incidents/schemas.ts";
import { deployRunRow } from "../shared/deploy-run-row.ts";
import type { Verdict } from "../shared/panel.ts";

export interface BuildRow {
  key: "run" | "commit" | "node";
  label: string;
  value: string;
  href?: string;
  note?: string;
  error?: string;
}

export function buildVerdict(report: BuildReport): Verdict {
  const state = {
    passing: "pass",
    failing: "fail",
    running: "warn",
    waiting: "warn",
    inconclusive: "warn",
    none: "warn",
    incomplete: "warn",
  } as const;
  return { state: state[report.status], code: report.status, text: report.summary };
}

export function buildRows(report: BuildReport, now: number): BuildRow[] {
  const rows: BuildRow[] = [];
  const run = report.run;
  rows.push(deployRunRow(run, now, (_r, started) => `started ${started} · logs on its page`));
  if (run.ok && run.data) {
    const r = run.data;
    rows.push({ key: "commit", label: "Commit", value: shortSha(r.headSha), href: r.commitUrl });
  }
  const node = report.node;
  if (!node.ok) rows.push({ key: "node", label: "Node.js the build expects", value: "", error: node.error.message });
  else {
    const n = node.data;
    const eol = n.endOfLife
      ? n.endOfLife.past
        ? `end of life since ${n.endOfLife.date}: upgrade`
        : `supported until ${n.endOfLife.date}`
      : undefined;
    rows.push({
      key: "node",
      label: "Node.js the build expects",
      value: n.declared,
      href: n.fileUrl,
      note: [`${n.file} on ${n.ref}`, eol].filter(Boolean).join(" · "),
    });
  }
  return rows;
}
