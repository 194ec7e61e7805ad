import type { BuildReport } from "../../core/incidents/schemas.ts";
import { buildReport } from "../shared/build-shape.ts";
import { commandBlock } from "../shared/copy.ts";
import { h } from "../shared/dom.ts";
import { externalLink } from "../shared/links.ts";
import { fact, mountPanel } from "../shared/panel.ts";
import { buildRows, buildVerdict } from "./build-status.ts";

function render(report: BuildReport): HTMLElement[] {
  const rows = buildRows(report, Date.now()).map((r) => {
    const row = fact(
      r.label,
      r.error
        ? h("span", { class: "rw-fact-error" }, `⚠ ${r.error}`)
        : h("span", {}, externalLink(r.href, r.value, { class: "rw-fact-value" }), r.note ? ` ${r.note}` : ""),
    );
    row.dataset.row = r.key;
    return row;
  });
  const run = report.run.ok ? report.run.data : null;
  return [
    h("dl", { class: "rw-facts" }, ...rows),
    run?.nextLink ? h("p", { class: "rw-var-link" }, externalLink(run.nextLink.href, run.nextLink.label)) : null,
    run
      ? commandBlock({ label: run.logsLabel ?? "Read the run's logs from a terminal", command: run.logsCommand })
      : null,
    h(
      "p",
      { class: "rw-var-link" },
      ...report.links.flatMap((l, i) => [i ? " · " : "", externalLink(l.href, l.label)]),
    ),
  ].filter((n): n is HTMLElement => n !== null);
}

/** `<runbook-build-status>`: the latest deploy run and the Node.js version the build expects. */
class RunbookBuildStatus extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/build?env=${encodeURIComponent(env)}`,
      schema: buildReport,
      auto: true,
      running: (env) => `Reading the latest deploy run of ${env}…`,
      verdict: buildVerdict,
      render,
    });
  }
}

if (!customElements.get("runbook-build-status")) customElements.define("runbook-build-status", RunbookBuildStatus);
