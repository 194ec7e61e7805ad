import type { RollbackReport } from "../../core/deploy/schemas.ts";
import { type ApiOutcome, callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { rollbackReport } from "../shared/shapes.ts";
import { renderConvex, renderGit, renderPages } from "./render.ts";
import { type RollbackKind, rollbackKinds, rollbackStatus } from "./rollback-links.ts";

// Widgets on one page share a read: one call per environment until someone presses Refresh.
const reads = new Map<string, Promise<ApiOutcome<RollbackReport>>>();

function read(env: string, fresh: boolean): Promise<ApiOutcome<RollbackReport>> {
  let pending = reads.get(env);
  if (!pending || fresh) {
    pending = callApi(`/api/rollback?env=${encodeURIComponent(env)}`, rollbackReport);
    reads.set(env, pending);
  }
  return pending;
}

/** `<runbook-rollback-links data-kind="pages|convex|git">`: the rollback target and its exact commands. */
class RunbookRollbackLinks extends HTMLElement {
  #body = this.querySelector<HTMLElement>("[data-body]");
  #status = this.querySelector<HTMLElement>("[data-status]");
  #refresh = this.querySelector<HTMLButtonElement>("[data-refresh]");

  get kind(): RollbackKind {
    const kind = this.dataset.kind as RollbackKind;
    return rollbackKinds.includes(kind) ? kind : "pages";
  }

  connectedCallback(): void {
    if (!this.#body || !this.#status || !this.#refresh) return;
    this.#refresh.hidden = false;
    this.#status.hidden = false;
    this.#refresh.addEventListener("click", () => void this.load(true));
    onEnvironmentChange(() => void this.load(false));
    void this.load(false);
  }

  status(state: string, symbol: string, text: string): void {
    this.dataset.state = state;
    this.#status?.replaceChildren(h("span", { "aria-hidden": "true" }, symbol), ` ${text}`);
  }

  async load(fresh: boolean): Promise<void> {
    const body = this.#body;
    if (!body || !this.#refresh) return;
    const env = currentEnvironment() ?? "demo";
    this.#refresh.disabled = true;
    this.status("running", "◌", `Reading the deployment history of ${env}…`);
    const outcome = await read(env, fresh);
    this.#refresh.disabled = false;
    if (!outcome.ok) {
      this.status("error", "⚠", outcome.message);
      body.replaceChildren();
      return;
    }
    const report = outcome.data;
    const kind = this.kind;
    const status = rollbackStatus(kind, report);
    this.dataset.environment = report.environment;
    this.status(status.state, status.state === "pass" ? "✓" : status.state === "warn" ? "!" : "⚠", status.text);
    const now = Date.now();
    const parts =
      kind === "pages" && report.pages.ok
        ? renderPages(report.pages.data, now)
        : kind === "convex" && report.convex.ok
          ? renderConvex(report.convex.data)
          : kind === "git" && report.git.ok
            ? renderGit(report.git.data)
            : [];
    body.replaceChildren(
      ...parts,
      h("p", { class: "rw-meta" }, `${report.environment} · checked ${new Date(report.checkedAt).toLocaleTimeString()}`),
    );
  }
}

if (!customElements.get("runbook-rollback-links")) customElements.define("runbook-rollback-links", RunbookRollbackLinks);
