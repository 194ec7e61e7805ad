/**
 * @module
 * `--reporter text`, the default: what a person reads in a terminal or a CI log.
 */
import { formatCheck, formatSummary, type Style } from "../format.ts";
import type { VerifyReport } from "./report.ts";

export function renderText(report: VerifyReport, style: Style): string {
  return report.kind === "smoke"
    ? formatSummary(report.summary, report.results, style)
    : formatCheck(report.result, style);
}
