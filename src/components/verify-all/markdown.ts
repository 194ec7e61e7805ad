import { mdCode, mdText } from "../../core/escape/markdown.ts";
import type { CheckResult, VerifySummary } from "../../core/result.ts";

const mark = { pass: "✅ pass", warn: "⚠️ warn", fail: "❌ fail", error: "⛔ could not run" } as const;

/** Upstream text in a table cell: escaped, so it stays text (no link, image, HTML or broken row). */
const cell = mdText;

/** A verify-all run as Markdown for the deploy log or the PR: verdict, criteria, then each check. */
export function verifyMarkdown(summary: VerifySummary, results: readonly CheckResult[]): string {
  const lines = [
    `### Smoke tests on ${mdText(summary.environment)}: ${mark[summary.status]}`,
    "",
    `${mdText(summary.summary)} Checked ${mdText(summary.checkedAt)}, took ${summary.durationMs} ms.`,
    "",
    "| Success criterion | Expected | Actual | Result |",
    "| --- | --- | --- | --- |",
    ...summary.criteria.map(
      (c) => `| ${cell(c.label)} | ${cell(c.expected)} | ${cell(c.actual)} | ${mark[c.status]} |`,
    ),
    "",
    "| Check | Result | Samples | p95 | Summary |",
    "| --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${cell(r.title)} (${mdCode(r.checkId)}) | ${mark[r.status]} | ${r.samples ? `${r.samples.count - r.samples.errors}/${r.samples.count} ok` : "1"} | ${r.samples ? `${r.samples.p95Ms} ms` : `${Math.round(r.observed.latencyMs ?? 0)} ms`} | ${cell(r.summary)} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
