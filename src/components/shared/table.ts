/**
 * @module
 * Tables on narrow screens. A wide table scrolls inside its widget, never the page: the wrapper is a
 * named, focusable region so keyboard users can scroll it too, with shadows at the edges that show
 * there is more. A table of records stacks instead: each row a card, each cell its column's name and
 * its value, so nothing sits off-screen and nothing wraps one letter per line.
 */
import { h } from "./dom.ts";

/** Wraps `table` in a horizontally scrolling region named `name`. */
export function scrollTable(name: string, table: HTMLElement): HTMLElement {
  return h("div", { class: "rw-table-scroll", role: "region", "aria-label": name, tabindex: "0" }, table);
}

/**
 * Marks `table` to stack on phones and names every body cell after its column's header (`data-label`,
 * which the stacked layout shows before the value). Call it again after the body's rows change.
 */
export function stackTable<T extends HTMLElement>(table: T): T {
  table.classList.add("rw-stack");
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
  for (const row of table.querySelectorAll("tbody tr"))
    [...row.children].forEach((cell, i) => {
      const label = heads[i];
      if (label && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", label);
    });
  return table;
}
