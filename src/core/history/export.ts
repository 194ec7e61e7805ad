/**
 * @module
 * The deployment history (Version Tracking), a deployment's whole record and the audit log as files:
 * Markdown, CSV and JSON, written piece by piece so a route can stream them page by page. Every cell
 * goes through the one escaper of its format (`core/escape`): a note can neither break a Markdown
 * table, nor link or load anything, nor run as a spreadsheet formula.
 *
 * A file says whether it is whole: the last line of a complete file is its end marker (CSV: a record
 * `# end of export` with the row count; Markdown: `_End of export: N rows._`; JSON: `"complete": true`
 * with the count, and only then does the JSON parse). A file whose export failed midway ends with a
 * failure marker instead (`# export failed: …`, `**Export failed**: …`, `"complete": false` with the
 * error), and a file cut off (the Function stopped) has neither: a reader treats it as incomplete.
 */
import { csvRow } from "../escape/csv.ts";
import { mdLine, mdRow, mdTable } from "../escape/markdown.ts";
import type { AuditEntry, DeploymentSummary } from "./schemas.ts";

export type HistoryFormat = "md" | "csv" | "json";

/** One file, written as a head, then rows page by page, then the end marker (or the failure marker). */
export interface FileWriter<T> {
  head: string;
  /** One page of rows; `sent` is how many rows came before it. */
  rows(items: readonly T[], sent: number): string;
  end(count: number): string;
  failed(message: string, count: number): string;
}

export const END_MARKER = "# end of export";
export const FAILED_MARKER = "# export failed";

const statusWords: Record<DeploymentSummary["status"], string> = {
  in_progress: "in progress",
  succeeded: "succeeded",
  rolled_back: "rolled back",
  abandoned: "abandoned",
};

export const HISTORY_HEADER = ["Date", "Version", "Convex version", "Deployed by", "Status", "Notes"];

/** The Version Tracking columns the source runbook asks for; notes beyond those listed are counted. */
export function historyRow(d: DeploymentSummary): string[] {
  const more = (d.notesCount ?? d.notes.length) - d.notes.length;
  return [
    d.startedAt,
    d.version ? `${d.version} (${d.targetCommit.slice(0, 12)})` : d.targetCommit.slice(0, 12),
    d.convexVersion ?? "",
    d.startedBy,
    statusWords[d.status],
    [...d.notes, ...(more > 0 ? [`(${more} more notes in deployment ${d.id}'s own export)`] : [])].join(" / "),
  ];
}

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
  "Count",
];

export function auditRow(e: AuditEntry): string[] {
  return [
    e.at,
    e.actor,
    e.environment ?? "",
    e.kind,
    e.target ?? "",
    e.outcome,
    String(e.httpStatus),
    String(e.durationMs),
    e.detail ?? "",
    String(e.count ?? 1),
  ];
}

/**
 * A table file in `format`: `title` heads the Markdown, `jsonHead` opens the JSON object (its rows go
 * in the array `jsonKey`), `toRow` gives a row's cells for CSV and Markdown.
 */
export function tableWriter<T>(
  format: HistoryFormat,
  options: {
    title: string;
    header: readonly string[];
    toRow: (item: T) => string[];
    jsonHead: Record<string, unknown>;
    jsonKey: string;
  },
): FileWriter<T> {
  if (format === "csv")
    return {
      head: csvRow(options.header),
      rows: (items) => items.map((item) => csvRow(options.toRow(item))).join(""),
      end: (count) => csvRow([END_MARKER, `${count} rows`]),
      failed: (message, count) => csvRow([FAILED_MARKER, `${message}; this file is incomplete after ${count} rows`]),
    };
  if (format === "md")
    return {
      head: `# ${mdLine(options.title)}\n\n${mdTable(options.header, [])}`,
      rows: (items) => items.map((item) => `${mdRow(options.toRow(item))}\n`).join(""),
      end: (count) => `\n_End of export: ${count} rows._\n`,
      failed: (message, count) =>
        `\n**Export failed**: ${mdLine(message)}. This file is incomplete after ${count} rows.\n`,
    };
  const head = JSON.stringify(options.jsonHead);
  return {
    head: `${head.slice(0, -1)}${head.length > 2 ? "," : ""}${JSON.stringify(options.jsonKey)}:[`,
    rows: (items, sent) => items.map((item, i) => `${sent + i === 0 ? "" : ","}\n${JSON.stringify(item)}`).join(""),
    end: (count) => `\n],"complete":true,"count":${count}}\n`,
    failed: (message, count) =>
      `\n],"complete":false,"count":${count},"error":${JSON.stringify({ code: "export_failed", message })}}\n`,
  };
}

/** The deployment history of one environment, newest first. */
export function historyWriter(environment: string, format: HistoryFormat): FileWriter<DeploymentSummary> {
  return tableWriter(format, {
    title: `Deployments: ${environment}`,
    header: HISTORY_HEADER,
    toRow: historyRow,
    jsonHead: { environment },
    jsonKey: "deployments",
  });
}

/** The audit log, newest first; `filters` (as the query gave them) head the file. */
export function auditWriter(format: "csv" | "json" | "md", filters: Record<string, string>): FileWriter<AuditEntry> {
  const named = Object.entries(filters).map(([k, v]) => `${k} ${v}`);
  return tableWriter(format, {
    title: `Audit log${named.length ? `: ${named.join(", ")}` : ""}`,
    header: AUDIT_HEADER,
    toRow: auditRow,
    jsonHead: { filters },
    jsonKey: "entries",
  });
}
