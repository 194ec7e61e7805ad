/**
 * @module
 * Widget states a reader tells apart at a glance: each has its own word and symbol, not just a colour,
 * and one way to show them on a widget's status line.
 */
import { h } from "./dom.ts";

export type WidgetState = "idle" | "running" | "pass" | "warn" | "fail" | "error";

export const stateLabel: Record<WidgetState, string> = {
  idle: "Not run",
  running: "Running…",
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  error: "Could not run",
};

export const stateSymbol: Record<WidgetState, string> = {
  idle: "○",
  running: "◌",
  pass: "✓",
  warn: "!",
  fail: "✗",
  error: "⚠",
};

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
