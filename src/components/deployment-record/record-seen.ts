/**
 * @module
 * The record's lists of what this browser saw for the deployment: check results, the Verify all run
 * and the checklists' progress.
 */
import { h } from "../shared/dom.ts";
import { verdictText } from "../shared/verdict.ts";
import type { DeploymentRecord } from "./deployment-record.ts";

export function renderSeen(host: HTMLElement, record: DeploymentRecord): void {
  host
    .querySelector("[data-checks]")
    ?.replaceChildren(
      h(
        "p",
        { class: "rw-summary" },
        `Checks run in this browser since ${new Date(record.deployment.startedAt).toLocaleString()}:`,
      ),
      record.checks.length === 0
        ? h(
            "p",
            { class: "rw-meta" },
            "None yet. Press Verify on 4. Verify Deployment and run Verify all on 5. Smoke Tests.",
          )
        : h(
            "ul",
            { class: "rw-record-list" },
            ...record.checks.map((c) =>
              h(
                "li",
                { "data-check": c.checkId, "data-status": c.status },
                `${verdictText(c.status)} · ${c.title || c.checkId} · ${new Date(c.checkedAt).toLocaleTimeString()}`,
              ),
            ),
          ),
      ...(record.smokeRun
        ? [
            h(
              "p",
              { "data-smoke": record.smokeRun.status },
              `Verify all: ${record.smokeRun.status}. ${record.smokeRun.summary}`,
            ),
          ]
        : []),
    );
  host
    .querySelector("[data-checklists]")
    ?.replaceChildren(
      h("p", { class: "rw-summary" }, "Checklists:"),
      record.checklists.length === 0
        ? h(
            "p",
            { class: "rw-meta" },
            "Nothing ticked yet for this deployment (Prerequisites, Monitoring Checklist, Post-Deployment Tasks).",
          )
        : h(
            "ul",
            { class: "rw-record-list" },
            ...record.checklists.map((c) =>
              h("li", { "data-checklist": c.id }, `${c.title}: ${c.done} of ${c.total} done`),
            ),
          ),
    );
}
