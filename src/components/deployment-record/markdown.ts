/**
 * @module
 * The deployment record written out: Markdown in the shape of the Version Tracking template (for the
 * deploy log or the PR) and JSON for tools. The widget loads this only when the reader previews or
 * exports, so it does not weigh on every view of the page.
 */

import type { SmokeRunSeen } from "../shared/check-results.ts";
import type { DeploymentRecord } from "./deployment-record.ts";

export const RECORD_FORMAT = "dashtray-runbook/deployment-record@1";

/** `2026-11-26 14:05 UTC`; the raw text when it is not a time. */
export function utcMinute(iso: string): string {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;
}

const mark = { pass: "✅ pass", warn: "⚠️ warn", fail: "❌ fail", error: "⛔ could not run" } as const;
const NOT_RECORDED = "(not recorded)";

/** One line of text: newlines and runs of spaces become one space. */
function line(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function cell(text: string): string {
  return line(text).replace(/\|/g, "\\|");
}

function value(text: string): string {
  return line(text) || NOT_RECORDED;
}

function commitLink(sha: string, repositoryUrl: string | undefined): string {
  const s = line(sha);
  if (!s) return NOT_RECORDED;
  return repositoryUrl && /^[0-9a-f]{7,40}$/i.test(s) ? `${s} (${repositoryUrl.replace(/\/+$/, "")}/commit/${s})` : s;
}

/** The smoke run on one line: verdict, when, and each criterion's actual value. */
function smokeLine(run: SmokeRunSeen | undefined): string {
  if (!run) return "Verify all not run in this browser for this deployment";
  const criteria = run.criteria.map((c) => `${c.label}: ${c.actual}`).join("; ");
  return `Verify all ${run.status} at ${utcMinute(run.checkedAt)}${criteria ? `; ${criteria}` : ""}`;
}

function criteriaLine(run: SmokeRunSeen | undefined): string {
  if (!run) return NOT_RECORDED;
  const failed = run.criteria.filter((c) => c.status === "fail").map((c) => c.label);
  return failed.length === 0 ? "yes (measured ones, by Verify all)" : `no: ${failed.join(", ")}`;
}

/** The record in the Version Tracking template's shape, then the checks and checklists it rests on. */
export function recordMarkdown(record: DeploymentRecord): string {
  const v = record.version;
  const owner = line(record.rollbackOwner);
  const pages = line(v.pagesDeploymentId)
    ? `${line(v.pagesDeploymentId)}${line(v.pagesDeploymentUrl) ? ` (${line(v.pagesDeploymentUrl)})` : ""}`
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
    `- Environment: ${record.environment}`,
    `- Deployment: ${record.deployment.key} (started ${utcMinute(record.deployment.startedAt)})`,
    `- Frontend commit: ${commitLink(v.frontendCommit, record.repositoryUrl)}${line(v.frontendVersion) ? `, version ${line(v.frontendVersion)}` : ""}`,
    `- Cloudflare Pages deployment id: ${pages}`,
    `- Convex backend commit: ${commitLink(v.backendCommit, record.repositoryUrl)}${convexDeployment ? ` (deployment: ${convexDeployment})` : ""}`,
    `- GitHub Actions run: ${value(v.deployRunUrl)}`,
    `- Changes: ${value(v.compareUrl)}`,
    `- Checks: ${smokeLine(record.smokeRun)}`,
    `- Success criteria met: ${criteriaLine(record.smokeRun)}`,
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
          `| ${cell(c.title || c.checkId)} (\`${c.checkId}\`) | ${mark[c.status]} | ${utcMinute(c.checkedAt)}${c.source === "verify-all" ? " (Verify all)" : ""} | ${cell(c.summary)} |`,
      ),
    );
  lines.push("", "### Checklists", "");
  if (record.checklists.length === 0) lines.push("No checklist ticked in this browser for this deployment.");
  for (const list of record.checklists) {
    lines.push(`**${line(list.title)}**: ${list.done} of ${list.total} done`, "");
    for (const item of list.items)
      lines.push(
        `- [${item.done ? "x" : " "}] ${line(item.label)}${item.done && item.check ? ` (ticked when \`${item.check}\` passed)` : ""}`,
      );
    lines.push("");
  }
  if (notes) lines.push("### Issues and notes", "", notes, "");
  lines.push(`_Exported ${utcMinute(record.exportedAt)} from the Dashtray runbook._`);
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

/** The same record for tools: every field, times as ISO strings. */
export function recordJson(record: DeploymentRecord): string {
  return `${JSON.stringify({ format: RECORD_FORMAT, ...record }, null, 2)}\n`;
}

/** `deployment-production-2026-11-26-1405.md`: safe on every file system. */
export function recordFileName(record: Pick<DeploymentRecord, "environment" | "deployment">, extension: "md" | "json"): string {
  const slug = `${record.environment}-${record.deployment.name}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `deployment-${slug}.${extension}`;
}
