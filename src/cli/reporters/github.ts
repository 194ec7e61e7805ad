/**
 * @module
 * `--reporter github`: what GitHub Actions reads. A Markdown job summary (appended to the file
 * `$GITHUB_STEP_SUMMARY` names) and one workflow command per check that did not pass (`::error` for
 * fail and could-not-run, `::warning` for warn), plus one per failed Success Criterion. Values are
 * escaped as GitHub documents for workflow commands (`%`, CR and LF in the message; also `:` and `,`
 * in properties), so an answer from the target can never start a command of its own.
 */
import { mdCell } from "../../core/escape/markdown.ts";
import type { CheckResult, CheckStatus } from "../../core/result.ts";
import { problems, reportResults, samplingText, type VerifyReport } from "./report.ts";

/** GitHub's limit is 1 MiB per step summary; a long answer is cut well before it. */
const MAX_CELL = 300;

/** Escapes a workflow command's message (GitHub's `escapeData`). */
export function commandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value (GitHub's `escapeProperty`). */
export function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One table cell, inert (the runbook's one Markdown escaper, `core/escape/markdown.ts`), cut to `MAX_CELL`. */
export function markdownCell(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  return mdCell(flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL)}…` : flat);
}

const icons: Record<CheckStatus | "criterion-fail" | "criterion-pass", string> = {
  pass: "✅ pass",
  warn: "⚠️ warn",
  fail: "❌ fail",
  error: "❌ could not run",
  "criterion-pass": "✅ pass",
  "criterion-fail": "❌ fail",
};

const verdicts = { pass: "✅ PASS", warn: "⚠️ PASS with warnings", fail: "❌ FAIL" } as const;

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function answerText(result: CheckResult): string {
  if (result.status === "error") return "no answer";
  const http = result.observed.httpStatus === undefined ? "" : `HTTP ${result.observed.httpStatus}`;
  const latency = result.observed.latencyMs === undefined ? "" : `${Math.round(result.observed.latencyMs)} ms`;
  return [http, latency].filter(Boolean).join(", ");
}

/** The job summary: the verdict, one row per check, and the Success Criteria. */
export function renderGithubSummary(report: VerifyReport): string {
  const results = reportResults(report);
  const status =
    report.kind === "smoke"
      ? report.summary.status
      : report.result.status === "pass"
        ? "pass"
        : report.result.status === "warn"
          ? "warn"
          : "fail";
  const sentence = report.kind === "smoke" ? report.summary.summary : report.result.summary;
  const lines = [
    `### ${verdicts[status]}: runbook checks on ${markdownCell(report.environment)}`,
    "",
    markdownCell(sentence),
    "",
    row(["Check", "Result", "Answer", "Sampling", "What did not pass"]),
    row(["---", "---", "---", "---", "---"]),
    ...results.map((r) =>
      row([
        `${markdownCell(r.checkId)}: ${markdownCell(r.title)}`,
        icons[r.status],
        markdownCell(answerText(r)),
        markdownCell(samplingText(r)),
        problems(r).map(markdownCell).join("<br>"),
      ]),
    ),
  ];
  if (report.kind === "smoke") {
    const { summary } = report;
    lines.push(
      "",
      row(["Success criterion", "Result", "Expected", "Actual"]),
      row(["---", "---", "---", "---"]),
      ...summary.criteria.map((c) =>
        row([markdownCell(c.label), icons[`criterion-${c.status}`], markdownCell(c.expected), markdownCell(c.actual)]),
      ),
      "",
      `${results.length} check${results.length === 1 ? "" : "s"}, ${summary.samples.count} requests, ${summary.durationMs} ms; checked ${markdownCell(summary.checkedAt)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `::error title=…::…` per failing check and criterion, `::warning …` per warning, for stdout. */
export function renderGithubCommands(report: VerifyReport): string {
  const lines: string[] = [];
  for (const r of reportResults(report)) {
    if (r.status === "pass") continue;
    const level = r.status === "warn" ? "warning" : "error";
    const title = `${r.checkId} ${r.status === "error" ? "could not run" : r.status} on ${r.environment}`;
    const message = [r.summary, ...problems(r)].join("\n");
    lines.push(`::${level} title=${commandProperty(title)}::${commandData(message)}`);
  }
  if (report.kind === "smoke")
    for (const c of report.summary.criteria) {
      if (c.status === "pass") continue;
      const title = `Success criterion failed on ${report.environment}: ${c.label}`;
      lines.push(
        `::error title=${commandProperty(title)}::${commandData(`expected ${c.expected}, actual ${c.actual}`)}`,
      );
    }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
