/**
 * @module
 * The deployment record written out as Markdown in the shape of the Version Tracking template (for the
 * deploy log or the PR). The server writes it (`POST /api/record/markdown`), so the writer and the
 * Markdown escaping never weigh on the page.
 */

import { mdCode, mdLine, mdText, mdUrl } from "../escape/markdown.ts";
import type { RecordForMarkdown } from "./schema.ts";

type DeploymentRecord = RecordForMarkdown;
type SmokeRunSeen = NonNullable<RecordForMarkdown["smokeRun"]>;

/** `2026-11-26 14:05 UTC`; the raw text when it is not a time. */
export function utcMinute(iso: string): string {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;
}

const mark = { pass: "✅ pass", warn: "⚠️ warn", fail: "❌ fail", error: "⛔ could not run" } as const;
const NOT_RECORDED = "(not recorded)";

/**
 * One line of text, escaped: values come from upstream APIs (versions, ids, summaries) and must stay
 * text when the export is pasted into a PR (no link, image, HTML or broken table row).
 */
const line = mdText;
const cell = mdText;

function value(text: string): string {
  return line(text) || NOT_RECORDED;
}

function commitLink(sha: string, repositoryUrl: string | undefined): string {
  const s = sha.trim();
  if (!s) return NOT_RECORDED;
  return repositoryUrl && /^[0-9a-f]{7,40}$/i.test(s)
    ? `${s} (<${repositoryUrl.replace(/\/+$/, "")}/commit/${s}>)`
    : mdCode(s);
}

/** An upstream URL: a link only under the configured repository, else shown as code. */
function url(text: string, repositoryUrl: string | undefined): string {
  return mdUrl(text, repositoryUrl ? [`${repositoryUrl.replace(/\/+$/, "")}/`] : []) || NOT_RECORDED;
}

/** The smoke run on one line: verdict, when, and each criterion's actual value. */
function smokeLine(run: SmokeRunSeen | undefined): string {
  if (!run) return "Verify all not run in this browser for this deployment";
  const criteria = run.criteria.map((c) => `${mdText(c.label)}: ${mdText(c.actual)}`).join("; ");
  return `Verify all ${run.status} at ${mdText(utcMinute(run.checkedAt))}${criteria ? `; ${criteria}` : ""}`;
}

function criteriaLine(run: SmokeRunSeen | undefined): string {
  if (!run) return NOT_RECORDED;
  const failed = run.criteria.filter((c) => c.status === "fail").map((c) => mdText(c.label));
  return failed.length === 0 ? "yes (measured ones, by Verify all)" : `no: ${failed.join(", ")}`;
}

/**
 * The monitor's watch on one line: the verdict the widget kept (written by it, so this module does not load
 * the monitor's code), or how far it got without a breach.
 */
function monitorLine(monitor: NonNullable<DeploymentRecord["monitor"]>): string {
  const { watch, samples } = monitor;
  const slots = Math.max(1, Math.floor(watch.windowMs / watch.intervalMs));
  const text =
    monitor.verdict?.text ?? `${samples.length} of ${slots} samples within the success criteria, as last seen here.`;
  return `${mdText(text)} (watch ${watch.id}, started ${mdText(utcMinute(watch.startedAt))})`;
}

/** The record in the Version Tracking template's shape, then the checks and checklists it rests on. */
export function recordMarkdown(record: DeploymentRecord): string {
  const v = record.version;
  const owner = line(record.rollbackOwner);
  const pages = line(v.pagesDeploymentId)
    ? `${line(v.pagesDeploymentId)}${v.pagesDeploymentUrl.trim() ? ` (${mdCode(v.pagesDeploymentUrl)})` : ""}`
    : NOT_RECORDED;
  const convexDeployment = line(v.convexDeployment);
  const rollbackParts = [
    line(v.rollbackPagesDeployment) && `Pages deployment ${line(v.rollbackPagesDeployment)}`,
    line(v.rollbackCommit) && `commit ${line(v.rollbackCommit)}`,
    line(v.rollbackConvexCommit) && `Convex commit ${line(v.rollbackConvexCommit)}`,
  ].filter(Boolean);
  const notes = record.notes.trim();
  const lines = [
    `## Deployment ${utcMinute(record.time)}`,
    "",
    `- Deployed by: ${value(record.deployedBy)}${owner ? ` (rollback owner: ${owner})` : ""}`,
    `- Environment: ${mdText(record.environment)}`,
    `- Deployment: ${mdText(record.deployment.key)} (started ${mdText(utcMinute(record.deployment.startedAt))})`,
    `- Frontend commit: ${commitLink(v.frontendCommit, record.repositoryUrl)}${line(v.frontendVersion) ? `, version ${line(v.frontendVersion)}` : ""}`,
    `- Cloudflare Pages deployment id: ${pages}`,
    `- Convex backend commit: ${commitLink(v.backendCommit, record.repositoryUrl)}${convexDeployment ? ` (deployment: ${convexDeployment})` : ""}`,
    `- GitHub Actions run: ${url(v.deployRunUrl, record.repositoryUrl)}`,
    `- Changes: ${url(v.compareUrl, record.repositoryUrl)}`,
    `- Checks: ${smokeLine(record.smokeRun)}`,
    `- Success criteria met: ${criteriaLine(record.smokeRun)}`,
    ...(record.monitor ? [`- Monitor: ${monitorLine(record.monitor)}`] : []),
    `- Issues: ${notes ? "see Issues and notes below" : "none recorded"}`,
    `- Rollback target: ${rollbackParts.length > 0 ? rollbackParts.join("; ") : NOT_RECORDED}`,
    `- Rolled back: ${value(record.rolledBack)}`,
    "",
    `### Checks run (in this browser, since ${utcMinute(record.deployment.startedAt)})`,
    "",
  ];
  if (record.checks.length === 0) lines.push("No check results seen in this browser for this deployment.");
  else
    lines.push(
      "| Check | Result | Checked | Summary |",
      "| --- | --- | --- | --- |",
      ...record.checks.map(
        (c) =>
          `| ${cell(c.title || c.checkId)} (${mdCode(c.checkId)}) | ${mark[c.status]} | ${mdText(utcMinute(c.checkedAt))}${c.source === "verify-all" ? " (Verify all)" : ""} | ${cell(c.summary)} |`,
      ),
    );
  lines.push("", "### Checklists", "");
  if (record.checklists.length === 0) lines.push("No checklist ticked in this browser for this deployment.");
  for (const list of record.checklists) {
    lines.push(`**${line(list.title)}**: ${list.done} of ${list.total} done`, "");
    for (const item of list.items)
      lines.push(
        `- [${item.done ? "x" : " "}] ${line(item.label)}${item.done && item.check ? ` (ticked when ${mdCode(item.check)} passed)` : ""}`,
      );
    lines.push("");
  }
  // Each line of the notes inert, as a paragraph of its own: a note's link or image stays text.
  if (notes)
    lines.push(
      "### Issues and notes",
      "",
      notes
        .split(/\r\n|\r|\n/)
        .map(mdLine)
        .filter(Boolean)
        .join("\n\n"),
      "",
    );
  lines.push(`_Exported ${utcMinute(record.exportedAt)} from the Dashtray runbook._`);
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}
