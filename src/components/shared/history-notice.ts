/**
 * @module
 * The one notice a page shows when the Function has no database: however many widgets learn it, the
 * reader is told once, plainly, that history stays in this browser.
 */
import { h } from "./dom.ts";

export const NOT_SHARED = "history_not_shared";

/**
 * Shows the notice in `host` unless another widget on the page already shows it: the Function's own
 * words for `history_not_shared` (what is not bound, and where the README says how), as a sentence.
 */
export function showNotSharedOnce(host: Element, message: string): void {
  if (document.querySelector("[data-history-notice]")) return;
  const text = `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
  host.prepend(h("p", { class: "rw-history-notice", role: "note", "data-history-notice": "" }, text));
}
