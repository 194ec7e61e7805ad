/**
 * @module
 * The record's lists of what this browser saw for the deployment: check results, the Verify all run
 * and the checklists' progress. Their headings and "nothing yet" sentences are the widget's markup.
 */
import { h } from "../shared/dom.ts";
import { verdictText } from "../shared/verdict.ts";
import type { DeploymentRecord } from "./deployment-record.ts";

/** Fills the list of one part (`[data-checks]` or `[data-checklists]`), or shows its "nothing yet" line. */
function fill(host: HTMLElement, part: string, items: HTMLElement[]): HTMLElement | null {
  const box = host.querySelector<HTMLElement>(part);
  const list = box?.querySelector<HTMLElement>("[data-list]");
  const none = box?.querySelector<HTMLElement>("[data-none]");
  if (!box || !list || !none) return null;
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
  none.hidden = items.length > 0;
  return box;
}

export function renderSeen(host: HTMLElement, record: DeploymentRecord): void {
  const checks = fill(
    host,
    "[data-checks]",
    record.checks.map((c) =>
      h(
        "li",
        { "data-check": c.checkId, "data-status": c.status },
        `${verdictText(c.status)} · ${c.title || c.checkId} · ${new Date(c.checkedAt).toLocaleTimeString()}`,
      ),
    ),
  );
  checks?.querySelector("[data-since]")?.replaceChildren(new Date(record.deployment.startedAt).toLocaleString());
  const smoke = checks?.querySelector<HTMLElement>("[data-smoke]");
  if (smoke) {
    smoke.hidden = !record.smokeRun;
    smoke.dataset.smoke = record.smokeRun?.status ?? "";
    smoke.textContent = record.smokeRun ? `Verify all: ${record.smokeRun.status}. ${record.smokeRun.summary}` : "";
  }
  fill(
    host,
    "[data-checklists]",
    record.checklists.map((c) => h("li", { "data-checklist": c.id }, `${c.title}: ${c.done} of ${c.total} done`)),
  );
}
