import type { CheckResult } from "../../core/result.ts";
import type { ApiFailure } from "./api.ts";
import { h } from "./dom.ts";
import { currentEnvironment } from "./environment.ts";
import { placeholderNotes } from "./placeholder.ts";
import { age, clockTime, setState, stateLabel, stateSymbol } from "./status.ts";
import { scrollTable, stackTable } from "./table.ts";

/** Shows a check result: summary, assertions as expected vs actual, and when and where it ran. */
export function renderResult(widget: HTMLElement, box: HTMLElement, result: CheckResult): void {
  const meta = [
    result.observed.httpStatus !== undefined ? `HTTP ${result.observed.httpStatus}` : null,
    result.observed.latencyMs !== undefined ? `${Math.round(result.observed.latencyMs)} ms` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  setState(widget, result.status, meta || undefined);
  box.replaceChildren(
    resultDetails(result),
    ...(result.status === "error" ? placeholderNotes(result.environment) : []),
  );
}

/** One row of an expected-vs-actual table: a check's assertion or one of verify-all's criteria. */
export interface ExpectedActualRow {
  status: string;
  /** What the Result cell shows (a symbol and a word, or a verdict). */
  result: (Node | string)[];
  label: string;
  expected: string;
  actual: string;
}

/** The expected-vs-actual table check results and verify-all share, scrolled when wide and stacked on phones. */
export function expectedActualTable(name: string, what: string, rows: readonly ExpectedActualRow[]): HTMLElement {
  return scrollTable(
    name,
    stackTable(
      h(
        "table",
        { class: "rw-assertions" },
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "Result"), h("th", {}, what), h("th", {}, "Expected"), h("th", {}, "Actual")),
        ),
        h(
          "tbody",
          {},
          ...rows.map((r) =>
            h(
              "tr",
              { "data-status": r.status },
              h("td", {}, ...r.result),
              h("th", { scope: "row" }, r.label),
              h("td", {}, r.expected),
              h("td", {}, r.actual),
            ),
          ),
        ),
      ),
    ),
  );
}

export function resultDetails(result: CheckResult): HTMLElement {
  const rows = result.assertions.map((a) => ({
    ...a,
    result: [h("span", { "aria-hidden": "true" }, stateSymbol[a.status]), ` ${stateLabel[a.status]}`],
  }));
  return h(
    "div",
    {},
    h("p", { class: "rw-summary" }, result.summary),
    rows.length > 0 ? expectedActualTable(`Assertions of ${result.title}`, "Assertion", rows) : null,
    h(
      "p",
      { class: "rw-meta" },
      `${result.request.method} ${result.request.url} · ${result.environment} · checked `,
      h("time", { datetime: result.checkedAt, title: result.checkedAt }, clockTime(result.checkedAt)),
      result.cached ? ` (reused from a run ${age(result.checkedAt)})` : "",
      ` · took ${result.durationMs} ms`,
    ),
  );
}

/** Shows why the check could not run at all: API down, rate limited, unknown environment... */
export function renderFailure(widget: HTMLElement, box: HTMLElement, failure: ApiFailure): void {
  const detail =
    failure.kind === "unreachable"
      ? "API unreachable"
      : failure.code === "rate_limited"
        ? "rate limited"
        : failure.code.replaceAll("_", " ");
  setState(widget, "error", detail);
  // "Could not run" on placeholder settings is the config, not an outage: say so under the reason.
  box.replaceChildren(h("p", { class: "rw-summary" }, failure.message), ...placeholderNotes(currentEnvironment()));
}
