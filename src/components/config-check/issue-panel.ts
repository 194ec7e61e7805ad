/**
 * @module
 * What the four Common Issues widgets (ConfigCheck, WebhookProbe, DomainStatus, BuildStatus) share in
 * the browser: the status line, the button, loading one API answer for the picked environment, and
 * the "checked at" line. Each widget brings its route, schema, verdict and rendering.
 */

import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import type { Shape } from "../shared/shapes.ts";
import { stateSymbol, type WidgetState } from "../shared/status.ts";

export interface Verdict {
  state: WidgetState;
  text: string;
  /** A machine-readable word put on the element as `data-outcome` (tests and styles read it). */
  code: string;
}

export interface PanelOptions<T> {
  path: (env: string) => string;
  schema: Shape<T>;
  /** POST for routes that send requests; they run on a press only. */
  method?: "GET" | "POST";
  /** Load when shown and when the environment changes (reads only). */
  auto: boolean;
  running: (env: string) => string;
  verdict: (report: T) => Verdict;
  render: (report: T) => (Node | null)[];
}

/** Wires a widget's `[data-status]`, `[data-run]` and `[data-body]` to its API route. */
export function mountPanel<T extends { environment: string; checkedAt: string; durationMs: number }>(
  element: HTMLElement,
  options: PanelOptions<T>,
): void {
  const body = element.querySelector<HTMLElement>("[data-body]");
  const status = element.querySelector<HTMLElement>("[data-status]");
  const button = element.querySelector<HTMLButtonElement>("[data-run]");
  if (!body || !status || !button) return;
  status.hidden = false;
  button.hidden = false;

  const show = (state: WidgetState, text: string, code: string = state) => {
    element.dataset.state = state;
    element.dataset.outcome = code;
    status.replaceChildren(h("span", { "aria-hidden": "true" }, stateSymbol[state]), ` ${text}`);
  };

  const load = async () => {
    const env = currentEnvironment() ?? "demo";
    button.disabled = true;
    show("running", options.running(env));
    const outcome = await callApi(options.path(env), options.schema, { method: options.method ?? "GET" });
    button.disabled = false;
    if (!outcome.ok) {
      show("error", outcome.message);
      body.replaceChildren();
      return;
    }
    const report = outcome.data;
    const verdict = options.verdict(report);
    element.dataset.environment = report.environment;
    show(verdict.state, verdict.text, verdict.code);
    body.replaceChildren(
      ...options.render(report).filter((n): n is Node => n !== null),
      h(
        "p",
        { class: "rw-meta" },
        `${report.environment} · checked `,
        h("time", { datetime: report.checkedAt }, new Date(report.checkedAt).toLocaleTimeString()),
        ` · took ${report.durationMs} ms`,
      ),
    );
  };

  button.addEventListener("click", () => void load());
  if (options.auto) {
    onEnvironmentChange(() => void load());
    void load();
  } else
    onEnvironmentChange((env) => {
      show("idle", `Not run for ${env} yet`);
      body.replaceChildren();
    });
}

/** A `<dl>` row: label and value, the value a node or text. */
export function fact(label: string, ...value: (Node | string | null)[]): HTMLElement {
  return h("div", { class: "rw-fact" }, h("dt", {}, label), h("dd", {}, ...value));
}
