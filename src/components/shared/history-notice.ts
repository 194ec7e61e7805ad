/**
 * @module
 * The one notice a page shows when the Function has no database: however many widgets learn it, the
 * reader is told once, plainly, that history stays in this browser.
 */
import { h } from "./dom.ts";

export const NOT_SHARED = "history_not_shared";
const TEXT =
  "History is not shared: no database is bound to this runbook (RUNBOOK_DB), so deployments, ticks and notes stay in this browser only.";

/** Shows the notice in `host` unless another widget on the page already shows it. */
export function showNotSharedOnce(host: Element): void {
  if (document.querySelector("[data-history-notice]")) return;
  host.prepend(h("p", { class: "rw-history-notice", role: "note", "data-history-notice": "" }, TEXT));
}
