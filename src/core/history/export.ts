/**
 * @module
 * The deployment history (Version Tracking) and the audit log as files: Markdown, CSV and JSON.
 * Cells are escaped so a note can neither break a Markdown table nor run as a spreadsheet formula.
 */
import type { AuditEntry, DeploymentSummary } from "./schemas.ts";

export type HistoryFormat = "md" | "csv" | "json";

const statusWords: Record<DeploymentSummary["status"], string> = {
  in_progress: "in progress",
  succeeded: "succeeded",
  rolled_back: "rolled back",
  abandoned: "abandoned",
};

/** The Version Tracking columns the source runbook asks for, one row per deployment. */
export function historyRows(deployments: readonly DeploymentSummary[]): string[][] {
  return deployments.map((d) => [
    d.startedAt,
    d.version ? `${d.version} (${d.targetCommit.slice(0, 12)})` : d.targetCommit.slice(0, 12),
    d.convexVersion ?? "",
    d.startedBy,
    statusWords[d.status],
    d.notes.join(" / "),
  ]);
}

export const HISTORY_HEADER = ["Date", "Version", "Convex version", "Deployed by", "Status", "Notes"];
export const AUDIT_HEADER = [
  "Time",
  "Who",
  "Environment",
  "Kind",
  "Target",
  "Outcome",
  "HTTP status",
  "Duration (ms)",
  "Detail",
];

export function auditRows(entries: readonly AuditEntry[]): string[][] {
  return entries.map((e) => [
    e.at,
    e.actor,
    e.environment ?? "",
    e.kind,
    e.target ?? "",
    e.outcome,
    String(e.httpStatus),
    String(e.durationMs),
    e.detail ?? "",
  ]);
}

/** A Markdown table cell: pipes escaped, line breaks flattened, HTML-ish brackets neutralised. */
export function markdownCell(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"))
    .replace(/\r?\n|\r/g, " ");
}

export function markdownTable(title: string, header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [`# ${title}`, "", line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line), ""].join(
    "\n",
  );
}

/** A CSV field (RFC 4180 quoting); a leading `= + - @` gets a `'` so spreadsheets show it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvTable(header: readonly string[], rows: readonly string[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** The deployment history of one environment in a format, newest first. */
export function historyFile(
  environment: string,
  deployments: readonly DeploymentSummary[],
  format: HistoryFormat,
): string {
  if (format === "json") return `${JSON.stringify({ environment, deployments }, null, 2)}\n`;
  const rows = historyRows(deployments);
  if (format === "csv") return csvTable(HISTORY_HEADER, rows);
  return markdownTable(`Deployments: ${environment}`, HISTORY_HEADER, rows);
}
