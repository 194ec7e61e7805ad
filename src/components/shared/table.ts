/**
 * @module
 * Wide tables on narrow screens: the table scrolls inside its widget, never the page. The wrapper is
 * a named, focusable region so keyboard users can scroll it too.
 */
import { h } from "./dom.ts";

/** Wraps `table` in a horizontally scrolling region named `name`. */
export function scrollTable(name: string, table: HTMLElement): HTMLElement {
  return h("div", { class: "rw-table-scroll", role: "region", "aria-label": name, tabindex: "0" }, table);
}
