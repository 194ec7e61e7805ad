/**
 * @module
 * Plain-text output of `verify`: one progress line per finished check, the smoke run's summary
 * (criteria with expected vs actual, then what failed and why), and one check with all its assertions.
 * Pure string building; colors only when the caller says so.
 */
import type { AssertionResult, CheckResult, CheckStatus, VerifySummary } from "../core/result.ts";

export interface Style {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const colors: Style = {
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  red: sgr(31, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

const same = (text: string) => text;
export const plain: Style = { green: same, yellow: same, red: same, dim: same, bold: same };

/** Colors for a stream: only on a terminal, and never when NO_COLOR is set to anything non-empty. */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  return stream.isTTY === true && !env.NO_COLOR ? colors : plain;
}

const marks: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗", error: "✗" };

/** `✓ pass`, `! warn`, `✗ fail`, `✗ error`, padded to one width and colored by status. */
export function statusMark(status: CheckStatus, style: Style): string {
  const text = `${marks[status]} ${status.padEnd(5)}`;
  if (status === "pass") return style.green(text);
  if (status === "warn") return style.yellow(text);
  return style.red(text);
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
  );
}

/** What the (worst) answer was: `HTTP 200 in 8 ms`, or why there was none. */
function observedText(result: CheckResult): string {
  if (result.status === "error") return `could not run: ${result.error?.message ?? result.summary}`;
  return `HTTP ${result.observed.httpStatus ?? "?"} in ${Math.round(result.observed.latencyMs ?? 0)} ms`;
}

/** The sampling of a smoke run: `5 samples, 0 errors, p95 9 ms` (empty for a single run). */
function samplesText(result: CheckResult): string {
  const s = result.samples;
  if (!s || s.count <= 1) return "";
  return `${s.count} samples, ${s.errors} error${s.errors === 1 ? "" : "s"}, p95 ${s.p95Ms} ms`;
}

/** What a check saw, in a few words: `HTTP 200 in 8 ms · 5 samples, 0 errors, p95 9 ms`. */
export function checkDetail(result: CheckResult): string {
  return [observedText(result), samplesText(result)].filter(Boolean).join(" · ");
}

/** Widths shared by every progress line of a run, so the columns line up as checks finish. */
export interface ProgressLayout {
  idWidth: number;
  titleWidth: number;
}

export function progressLayout(checks: readonly { id: string; title: string }[]): ProgressLayout {
  return {
    idWidth: Math.max(0, ...checks.map((c) => c.id.length)),
    titleWidth: Math.max(0, ...checks.map((c) => c.title.length)),
  };
}

/** One line per finished check: `✓ pass  frontend  Frontend serves the app  HTTP 200 in 8 ms`. */
export function progressLine(result: CheckResult, layout: ProgressLayout, style: Style): string {
  return `${statusMark(result.status, style)}  ${result.checkId.padEnd(layout.idWidth)}  ${result.title.padEnd(layout.titleWidth)}  ${style.dim(checkDetail(result))}`;
}

function assertionRows(assertions: readonly AssertionResult[]): string[][] {
  return assertions.map((a) => [
    `${marks[a.status]} ${a.status.padEnd(4)}`,
    a.label,
    `expected ${a.expected}`,
    `actual ${a.actual}`,
  ]);
}

function colorRow(line: string, status: AssertionResult["status"], style: Style): string {
  if (status === "pass") return line;
  return status === "warn" ? style.yellow(line) : style.red(line);
}

function assertionLines(assertions: readonly AssertionResult[], indent: string, style: Style): string[] {
  const lines = table(assertionRows(assertions), indent);
  return lines.map((line, i) => colorRow(line, (assertions[i] as AssertionResult).status, style));
}

/** Why a check did not pass: its failing (and warning) assertions, or why it could not run at all. */
function problemLines(result: CheckResult, style: Style): string[] {
  const lines = [
    `  ${statusMark(result.status, style)}  ${style.bold(result.checkId)}  ${result.title}  ${style.dim(`${result.request.method} ${result.request.url}`)}`,
  ];
  if (result.status === "error") {
    lines.push(
      style.red(`      could not run (${result.error?.code ?? "error"}): ${result.error?.message ?? result.summary}`),
    );
  }
  const bad = result.assertions.filter((a) => a.status !== "pass");
  lines.push(...assertionLines(bad, "      ", style));
  const sampled = samplesText(result);
  if (sampled)
    lines.push(style.dim(`      ${sampled}${bad.length > 0 ? "; the assertions shown are the worst sample's" : ""}`));
  return lines;
}

const verdictWord = { pass: "PASS", warn: "PASS with warnings", fail: "FAIL" } as const;

function colorVerdict(status: VerifySummary["status"], text: string, style: Style): string {
  if (status === "pass") return style.green(text);
  return status === "warn" ? style.yellow(text) : style.red(text);
}

/** The smoke run as a person reads it: criteria with expected vs actual, what did not pass, the verdict. */
export function formatSummary(summary: VerifySummary, results: readonly CheckResult[], style: Style): string {
  const lines: string[] = [];
  lines.push(style.bold(`Success criteria on ${summary.environment}`));
  const rows = summary.criteria.map((c) => [
    `${marks[c.status]} ${c.status.padEnd(4)}`,
    c.label,
    `expected ${c.expected}`,
    `actual ${c.actual}`,
  ]);
  table(rows, "  ").forEach((line, i) => {
    lines.push((summary.criteria[i] as VerifySummary["criteria"][number]).status === "pass" ? line : style.red(line));
  });
  const problems = results.filter((r) => r.status !== "pass");
  if (problems.length > 0) {
    lines.push("", style.bold(`Checks with failures or warnings (${problems.length} of ${results.length})`));
    for (const result of problems) lines.push(...problemLines(result, style));
  }
  const { samples } = summary;
  lines.push(
    "",
    `${colorVerdict(summary.status, style.bold(verdictWord[summary.status]), style)}  ${summary.summary}`,
    style.dim(
      `${results.length} check${results.length === 1 ? "" : "s"}, ${samples.count} requests, ${summary.durationMs} ms; checked ${summary.checkedAt}`,
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** One check with every assertion (expected vs actual), for `--check`. */
export function formatCheck(result: CheckResult, style: Style): string {
  const lines = [
    `${statusMark(result.status, style)}  ${style.bold(result.checkId)}  ${result.title}`,
    style.dim(
      `  ${result.request.method} ${result.request.url}${result.status === "error" ? "" : ` · ${observedText(result)}`}`,
    ),
  ];
  if (result.status === "error")
    lines.push(
      style.red(`  could not run (${result.error?.code ?? "error"}): ${result.error?.message ?? result.summary}`),
    );
  if (result.assertions.length > 0) lines.push(...assertionLines(result.assertions, "  ", style));
  lines.push("", `${result.summary}  ${style.dim(`checked ${result.checkedAt}`)}`);
  return `${lines.join("\n")}\n`;
}
