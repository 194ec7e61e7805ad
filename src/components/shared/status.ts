/**
 * @module
 * One way to show a widget's state on its status line (the words and symbols are `verdict.ts`).
 */
import { h } from "./dom.ts";
import { stateLabel, stateSymbol, type WidgetState } from "./verdict.ts";

export { stateLabel, stateSymbol, type WidgetState } from "./verdict.ts";

/** Sets `data-state` on the widget and `symbol text` on its status line (a live region). */
export function showStatus(widget: HTMLElement, line: HTMLElement | null, state: WidgetState, text: string): void {
  widget.dataset.state = state;
  line?.replaceChildren(h("span", { "aria-hidden": "true" }, stateSymbol[state]), ` ${text}`);
}

/** The state word with an optional detail, on the widget's `[data-state-label]`: "Pass · HTTP 200 · 86 ms". */
export function setState(widget: HTMLElement, state: WidgetState, detail?: string): void {
  showStatus(
    widget,
    widget.querySelector<HTMLElement>("[data-state-label]"),
    state,
    `${stateLabel[state]}${detail ? ` · ${detail}` : ""}`,
  );
}

export { clockTime } from "./time.ts";

/** "12 s ago", "3 min ago": how old a result is. */
export function age(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
