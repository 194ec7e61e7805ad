/**
 * @module
 * `--reporter json` (`--json`): the API's own shapes, `{ results, summary }` for the smoke suite and
 * the check result for `--check`, so a script reads the CLI and the Function alike.
 */
import type { VerifyReport } from "./report.ts";

export function renderJson(report: VerifyReport): string {
  const body = report.kind === "smoke" ? { results: report.results, summary: report.summary } : report.result;
  return `${JSON.stringify(body, null, 2)}\n`;
}
