import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { versionReport } from "../shared/shapes.ts";
import { panelStatus, versionRows } from "./deploy-version.ts";
import { externalLink } from "./links.ts";

/** `<runbook-deploy-version>`: what is live in the picked environment, loaded on sight and on Refresh. */
class RunbookDeployVersion extends HTMLElement {
  #body = this.querySelector<HTMLElement>("[data-body]");
  #status = this.querySelector<HTMLElement>("[data-status]");
  #refresh = this.querySelector<HTMLButtonElement>("[data-refresh]");

  connectedCallback(): void {
    if (!this.#body || !this.#status || !this.#refresh) return;
    this.#refresh.hidden = false;
    this.#status.hidden = false;
    this.#refresh.addEventListener("click", () => void this.load());
    onEnvironmentChange(() => void this.load());
    void this.load();
  }

  status(state: string, symbol: string, text: string): void {
    this.dataset.state = state;
    this.#status?.replaceChildren(h("span", { "aria-hidden": "true" }, symbol), ` ${text}`);
  }

  /** Reads `/api/version` for the picked environment and shows it. */
  async load(): Promise<void> {
    const body = this.#body;
    if (!body || !this.#refresh) return;
    const env = currentEnvironment() ?? "demo";
    this.#refresh.disabled = true;
    this.status("running", "◌", `Reading what is live in ${env}…`);
    const outcome = await callApi(`/api/version?env=${encodeURIComponent(env)}`, versionReport);
    this.#refresh.disabled = false;
    if (!outcome.ok) {
      this.status("error", "⚠", "Could not load");
      body.replaceChildren(h("p", { class: "rw-summary" }, outcome.message));
      return;
    }
    const report = outcome.data;
    const status = panelStatus(report);
    this.dataset.environment = report.environment;
    this.dataset.drift = report.drift.map((d) => d.code).join(" ");
    this.status(status.state, status.symbol, status.text);
    const rows = versionRows(report, Date.now()).map((row) =>
      h(
        "div",
        { class: "rw-fact", "data-row": row.key, ...(row.error ? { "data-error": "" } : {}) },
        h("dt", {}, row.label),
        h(
          "dd",
          {},
          row.error
            ? h("span", { class: "rw-fact-error" }, `⚠ ${row.error}`)
            : h("span", {}, externalLink(row.href, row.value, { class: "rw-fact-value" }), row.note ? ` ${row.note}` : ""),
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
    body.replaceChildren(
      h("dl", { class: "rw-facts" }, ...rows),
      ...(drift.length > 0 ? [h("ul", { class: "rw-drift", "aria-label": "Drift" }, ...drift)] : []),
      h(
        "p",
        { class: "rw-meta" },
        `${report.environment} · checked `,
        h("time", { datetime: report.checkedAt }, new Date(report.checkedAt).toLocaleTimeString()),
        ` · took ${report.durationMs} ms`,
      ),
    );
  }
}

if (!customElements.get("runbook-deploy-version")) customElements.define("runbook-deploy-version", RunbookDeployVersion);
