/**
 * @module
 * How much a page's text counts in the site search: the runbook's own pages (the deploy steps,
 * rollback, incidents) above the reference pages that describe the widgets, the API and the config.
 */

/** Pagefind's weight for the body text of the page with this content id (`reference/api`, `rollback`). */
export function searchWeight(id: string): string {
  if (id === "reference" || id.startsWith("reference/")) return "0.5";
  if (/^(rollback|incidents|deploy)(\/|$)/.test(id)) return "2";
  return "1";
}
