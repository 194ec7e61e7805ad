/**
 * @module
 * The panel every report widget shares, on the common lifecycle (`lifecycle.ts`: the newest read wins,
 * busy button): the status line, the button (Run or Refresh), loading one API answer for the picked
 * environment, error and placeholder notes, and the "checked at" line. A widget brings its route, schema, verdict and rendering; the markup comes from
 * `WidgetFrame.astro` (`[data-status]`, `[data-run]` or `[data-refresh]`, `[data-body]`). A body the
 * Function drew (the Status widget's and the monitor's views) is put in with `drawn`, in this browser's
 * time (`reader`).
 */

import { type ApiOutcome, callApi } from "./api.ts";
import { h } from "./dom.ts";
import { currentEnvironment, onEnvironmentChange } from "./environment.ts";
import { lifecycle } from "./lifecycle.ts";
import { placeholderNotes } from "./placeholder.ts";
import type { Shape } from "./shape-kit.ts";
import { clockTime, type WidgetState } from "./status.ts";

export interface Verdict {
  state: WidgetState;
  text: string;
  /** A machine-readable word put on the element as `data-outcome` (tests and styles read it). */
  code: string;
}

/** What every report the panels show carries. */
export interface PanelReport {
  environment: string;
  checkedAt: string;
  durationMs: number;
}

type Source<T> =
  | { path: (env: string) => string; schema: Shape<T>; method?: "GET" | "POST" }
  /** A reader of its own, e.g. one answer shared by several widgets on the page; `fresh` after a press. */
  | { read: (env: string, fresh: boolean) => Promise<ApiOutcome<T>> };

export type PanelOptions<T> = Source<T> & {
  /** Load when shown and when the environment changes (reads only); otherwise on a press only. */
  auto: boolean;
  running: (env: string) => string;
  verdict: (report: T) => Verdict;
  render: (report: T) => (Node | null)[];
  /** Called after each answer is shown, e.g. to set data attributes tests and styles read. */
  after?: (report: T) => void;
};

/** Wires a widget's `[data-status]`, its `[data-run]` or `[data-refresh]` button and `[data-body]` to its API route. */
export function mountPanel<T extends PanelReport>(element: HTMLElement, options: PanelOptions<T>): void {
  const body = element.querySelector<HTMLElement>("[data-body]");
  const status = element.querySelector<HTMLElement>("[data-status]");
  const button = element.querySelector<HTMLButtonElement>("[data-run], [data-refresh]");
  if (!body || !status || !button) return;
  status.hidden = false;
  button.hidden = false;
  const life = lifecycle(element, status, button);
  const read = (env: string, fresh: boolean): Promise<ApiOutcome<T>> =>
    "read" in options
      ? options.read(env, fresh)
      : callApi(options.path(env), options.schema, { method: options.method ?? "GET" });

  /** Reads the picked environment; a switch meanwhile starts a newer read, and this answer is dropped. */
  const load = async (fresh: boolean) => {
    const env = currentEnvironment() ?? "demo";
    life.show("running", options.running(env));
    const newest = await life.read(() => read(env, fresh));
    if (!newest) return;
    const outcome = newest.answer;
    if (!outcome.ok) {
      life.show("error", outcome.message);
      body.replaceChildren(...placeholderNotes(env));
      return;
    }
    const report = outcome.data;
    const verdict = options.verdict(report);
    element.dataset.environment = report.environment;
    life.show(verdict.state, verdict.text, verdict.code);
    body.replaceChildren(
      ...placeholderNotes(env),
      ...options.render(report).filter((n): n is Node => n !== null),
      checkedLine(report),
    );
    options.after?.(report);
  };

  life.onPress(() => load(true));
  if (options.auto) {
    onEnvironmentChange(() => void load(false));
    void load(false);
  } else
    onEnvironmentChange((env) => {
      life.drop();
      life.show("idle", `Not run for ${env} yet`);
      body.replaceChildren(...placeholderNotes(env));
    });
}

/** "demo · checked 14:05:09 · took 12 ms": which environment, when, and how long, in one time format. */
export function checkedLine(report: PanelReport): HTMLElement {
  return h(
    "p",
    { class: "rw-meta" },
    `${report.environment} · checked `,
    h("time", { datetime: report.checkedAt, title: report.checkedAt }, clockTime(report.checkedAt)),
    ` · took ${report.durationMs} ms`,
  );
}

/** A `<dl>` row: label and value, the value a node or text. */
export function fact(label: string, ...value: (Node | string | null)[]): HTMLElement {
  return h("div", { class: "rw-fact" }, h("dt", {}, label), h("dd", {}, ...value));
}

/** This browser's language and time zone, as its `toLocaleTimeString()` uses them. */
export function reader(): { locale: string; timeZone: string } {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return { locale, timeZone };
}

/** The nodes of markup the Function drew (every value escaped there), parsed inert in a template. */
export function drawn(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content;
}
