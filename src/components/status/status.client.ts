import type { CheckUptime, UptimeAnswer } from "../../core/uptime/schemas.ts";
import { h } from "../shared/dom.ts";
import { checkedLine, fact, mountPanel } from "../shared/panel.ts";
import { stateSymbol } from "../shared/status.ts";
import { clockTime } from "../shared/time.ts";
import { uptimeAnswer } from "../shared/uptime-shapes.ts";
import { figuresLine, statusVerdict } from "./status.ts";

const UP = new Set(["pass", "warn"]);

/** The history strip: one square per recent run, oldest first, each named for screen readers. */
function strip(check: CheckUptime): HTMLElement {
  return h(
    "ol",
    { class: "rw-status-strip", "aria-label": `Latest ${check.history.length} runs of ${check.check}, oldest first` },
    ...check.history.map((run) =>
      h(
        "li",
        { "data-status": run.status, title: `${clockTime(run.at)}: ${run.status}` },
        h("span", { class: "sr-only" }, `${clockTime(run.at)} ${run.status}`),
      ),
    ),
  );
}

function row(check: CheckUptime): HTMLElement {
  const last = check.lastRun;
  const state = last ? (UP.has(last.status) ? "pass" : "fail") : "idle";
  const incident = check.openIncident;
  const item = h(
    "li",
    { "data-check": check.check, "data-state": state },
    h("strong", {}, `${stateSymbol[state]} ${check.title}`),
    h("p", { class: "rw-meta" }, figuresLine(check)),
    strip(check),
    h(
      "dl",
      { class: "rw-facts" },
      fact(
        "Last run",
        last
          ? `${clockTime(last.at)}: ${last.status}${last.latencyMs === null ? "" : `, ${last.latencyMs} ms`}`
          : "none yet",
      ),
      check.lastFailure
        ? fact(
            "Last failure",
            `${clockTime(check.lastFailure.at)}: ${check.lastFailure.error ?? check.lastFailure.status}`,
          )
        : null,
      incident
        ? fact(
            "Incident",
            `open since ${clockTime(incident.openedAt)}, ${incident.failures} failed runs: ${incident.lastError ?? ""}`,
          )
        : null,
    ),
  );
  return item;
}

function render(answer: UptimeAnswer): HTMLElement[] {
  if (!answer.schedule)
    return [h("p", { class: "rw-desc" }, "This environment has no schedule in runbook.config.json.")];
  return [
    h(
      "p",
      { class: "rw-meta" },
      `Every ${answer.schedule.everySeconds} s; an incident opens after ${answer.schedule.openAfter} failed runs in a row and resolves after ${answer.schedule.resolveAfter} passing.`,
    ),
    h("ul", { class: "rw-status-checks" }, ...answer.checks.map(row)),
    checkedLine(answer),
  ];
}

/** `<runbook-status>`: checks between deploys of the picked environment, from the watch Worker's runs. */
class RunbookStatus extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/uptime?env=${encodeURIComponent(env)}`,
      schema: uptimeAnswer,
      auto: true,
      running: (env) => `Reading the checks between deploys of ${env}…`,
      verdict: statusVerdict,
      render,
    });
  }
}

if (!customElements.get("runbook-status")) customElements.define("runbook-status", RunbookStatus);
