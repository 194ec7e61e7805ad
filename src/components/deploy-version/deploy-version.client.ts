import type { VersionReport } from "../../core/deploy/schemas.ts";
import { h } from "../shared/dom.ts";
import { environmentFacts } from "../shared/environment.ts";
import { externalLink } from "../shared/links.ts";
import { mountPanel } from "../shared/panel.ts";
import { versionReport } from "../shared/version-shape.ts";
import { panelStatus, versionRows } from "./deploy-version.ts";

function render(report: VersionReport): HTMLElement[] {
  const rows = versionRows(report, Date.now(), { demo: environmentFacts(report.environment).demo }).map((row) =>
    h(
      "div",
      { class: "rw-fact", "data-row": row.key, ...(row.error ? { "data-error": "" } : {}) },
      h("dt", {}, row.label),
      h(
        "dd",
        {},
        row.error
          ? h("span", { class: "rw-fact-error" }, `⚠ ${row.error}`)
          : h(
              "span",
              {},
              externalLink(row.href, row.value, { class: "rw-fact-value" }),
              row.note ? ` ${row.note}` : "",
            ),
      ),
    ),
  );
  const drift = report.drift.map((d) =>
    h(
      "li",
      { "data-severity": d.severity, "data-drift": d.code },
      h("strong", {}, `${d.severity === "warn" ? "!" : "i"} ${d.title}`),
      h("span", {}, ` ${d.detail} `),
      d.link ? externalLink(d.link.href, d.link.label) : null,
    ),
  );
  return [
    h("dl", { class: "rw-facts" }, ...rows),
    ...(drift.length > 0 ? [h("ul", { class: "rw-drift", "aria-label": "Drift" }, ...drift)] : []),
  ];
}

/** `<runbook-deploy-version>`: what is live in the picked environment, loaded on sight and on Refresh. */
class RunbookDeployVersion extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/version?env=${encodeURIComponent(env)}`,
      schema: versionReport,
      auto: true,
      running: (env) => `Reading what is live in ${env}…`,
      verdict: (report) => {
        const status = panelStatus(report, { demo: environmentFacts(report.environment).demo });
        return { state: status.state, text: status.text, code: report.status };
      },
      render,
      after: (report) => {
        this.dataset.drift = report.drift.map((d) => d.code).join(" ");
      },
    });
  }
}

if (!customElements.get("runbook-deploy-version"))
  customElements.define("runbook-deploy-version", RunbookDeployVersion);
