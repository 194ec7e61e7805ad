import { deploymentKey } from "../checklist/checklist.ts";
import {
  checklistsFor,
  currentDeployment,
  onDeploymentChange,
  readItem,
  startDeployment,
  writeItem,
} from "../checklist/storage.ts";
import { callApi } from "../shared/api.ts";
import { onCheckResult, seenCheckResults, seenSmokeRuns } from "../shared/check-results.ts";
import { h } from "../shared/dom.ts";
import { chooseEnvironment, currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { rollbackReport, versionReport } from "../shared/shapes.ts";
import { STORAGE_PREFIX, storageKeys } from "../shared/storage-keys.ts";
import {
  checklistForRecord,
  checksForDeployment,
  type DeploymentRecord,
  emptyVersion,
  monitorForDeployment,
  type RecordVersion,
  smokeRunForDeployment,
  type VersionField,
  versionFields,
  versionFromReports,
} from "./deployment-record.ts";

/** The Markdown and JSON writer, loaded on the first preview or export to keep it off the page's first load. */
const writer = () => import("./markdown.ts");

const DEPLOYER_KEY = storageKeys.deployer;
/** Symbol and word per result, as every widget shows them (shared/status.ts), without loading that module here. */
const verdict = { pass: "✓ Pass", warn: "! Warning", fail: "✗ Fail", error: "⚠ Could not run" } as const;
const draftKey = storageKeys.recordDraft;
type Draft = Partial<Record<VersionField | "time" | "deployedBy" | "rollbackOwner" | "rolledBack" | "notes", string>>;

/** `2026-11-26T14:05` for a datetime-local input, in the reader's time zone. */
function localInputValue(iso: string): string {
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** `<runbook-deployment-record>`: the record form, its live fill and its exports. */
class RunbookDeploymentRecord extends HTMLElement {
  #form = this.querySelector<HTMLFormElement>("[data-form]");
  #environments: { id: string; repositoryUrl?: string; convexDeployment?: string }[] = [];
  #filledFor = "";

  connectedCallback(): void {
    const form = this.#form;
    if (!form) return;
    try {
      this.#environments = JSON.parse(this.dataset.environments ?? "[]");
    } catch {
      this.#environments = [];
    }
    form.hidden = false;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", (e) => {
      const target = e.target as HTMLElement;
      if (target.dataset.field) this.saveDraft();
      if (target.dataset.field === "deployedBy") writeItem(DEPLOYER_KEY, (target as HTMLInputElement).value);
      this.preview();
    });
    this.select()?.addEventListener("change", (e) => chooseEnvironment((e.target as HTMLSelectElement).value));
    this.querySelector("[data-new-deployment]")?.addEventListener("click", () => startDeployment(this.environment()));
    this.querySelector("[data-fill]")?.addEventListener("click", () => void this.fill(true));
    this.querySelector("details")?.addEventListener("toggle", () => this.preview());
    this.querySelector("[data-copy-markdown]")?.addEventListener("click", () => void this.copy());
    for (const button of this.querySelectorAll<HTMLButtonElement>("[data-download]"))
      button.addEventListener("click", () => void this.download(button.dataset.download === "json" ? "json" : "md"));
    onEnvironmentChange(() => this.load());
    onDeploymentChange(() => this.load());
    onCheckResult(() => this.renderSeen());
    window.addEventListener("storage", (e) => {
      if (e.key?.startsWith(STORAGE_PREFIX)) this.renderSeen();
    });
    this.load();
  }

  environment(): string {
    return currentEnvironment() ?? "demo";
  }

  select(): HTMLSelectElement | null {
    return this.querySelector<HTMLSelectElement>("[data-environment]");
  }

  field(name: string): HTMLInputElement | HTMLTextAreaElement | null {
    return this.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-field="${name}"]`);
  }

  /** Shows the current deployment's draft, then fills empty version fields from the live values. */
  load(): void {
    const env = this.environment();
    const deployment = currentDeployment(env);
    const key = deploymentKey(deployment);
    const select = this.select();
    if (select) select.value = env;
    this.dataset.environment = env;
    this.dataset.deployment = key;
    const label = this.querySelector("[data-deployment]");
    if (label) label.textContent = `${env} · ${deployment.name}`;
    let draft: Draft = {};
    try {
      draft = JSON.parse(readItem(draftKey(key)) ?? "{}") as Draft;
    } catch {
      draft = {};
    }
    const defaults: Draft = {
      time: localInputValue(deployment.explicit ? deployment.startedAt : new Date().toISOString()),
      deployedBy: readItem(DEPLOYER_KEY) ?? "",
      rolledBack: "no",
      convexDeployment: this.#environments.find((e) => e.id === env)?.convexDeployment ?? "",
    };
    for (const name of ["time", "deployedBy", "rollbackOwner", "rolledBack", "notes", ...versionFields] as const) {
      const input = this.field(name);
      if (input) input.value = draft[name] ?? defaults[name] ?? "";
    }
    this.renderSeen();
    if (this.#filledFor !== key) {
      this.#filledFor = key;
      void this.fill(false);
    }
  }

  saveDraft(): void {
    const draft: Draft = {};
    for (const name of ["time", "deployedBy", "rollbackOwner", "rolledBack", "notes", ...versionFields] as const) {
      const input = this.field(name);
      if (input?.value) draft[name] = input.value;
    }
    writeItem(draftKey(this.dataset.deployment ?? ""), JSON.stringify(draft));
  }

  /** Reads `/api/version` and `/api/rollback`; `overwrite` replaces typed values, otherwise only empty fields are filled. */
  async fill(overwrite: boolean): Promise<void> {
    const env = this.environment();
    const status = this.querySelector<HTMLElement>("[data-fill-status]");
    const button = this.querySelector<HTMLButtonElement>("[data-fill]");
    // aria-disabled, not disabled: a disabled button would drop keyboard focus to the page body.
    if (button?.getAttribute("aria-disabled") === "true") return;
    button?.setAttribute("aria-disabled", "true");
    this.dataset.fill = "running";
    status?.replaceChildren(`◌ Reading the live values of ${env}…`);
    const q = `?env=${encodeURIComponent(env)}`;
    const [version, rollback] = await Promise.all([
      callApi(`/api/version${q}`, versionReport),
      callApi(`/api/rollback${q}`, rollbackReport),
    ]);
    button?.removeAttribute("aria-disabled");
    if (env !== this.environment()) return;
    // The repository as the Function sees it (the demo's stand-in on its real port), for the export's commit links.
    const repository = version.ok ? version.data.links.repository : undefined;
    if (repository)
      this.#environments = this.#environments.map((e) => (e.id === env ? { ...e, repositoryUrl: repository } : e));
    const values = versionFromReports(version.ok ? version.data : undefined, rollback.ok ? rollback.data : undefined);
    for (const name of versionFields) {
      const input = this.field(name);
      const live = values[name];
      if (input && live && (overwrite || !input.value)) input.value = live;
    }
    const failed = [version, rollback].find((o) => !o.ok);
    this.dataset.fill = failed ? "error" : "done";
    status?.replaceChildren(
      failed && !failed.ok
        ? `⚠ Some live values could not be read: ${failed.message} Fill them in by hand.`
        : `✓ Filled from ${env} at ${new Date().toLocaleTimeString()}; edit anything that is wrong.`,
    );
    this.saveDraft();
    this.preview();
  }

  /** Lists the check results and checklists of this deployment seen in this browser. */
  renderSeen(): void {
    const record = this.record();
    const checks = this.querySelector("[data-checks]");
    checks?.replaceChildren(
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
                `${verdict[c.status]} · ${c.title || c.checkId} · ${new Date(c.checkedAt).toLocaleTimeString()}`,
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
    this.querySelector("[data-checklists]")?.replaceChildren(
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
    this.preview();
  }

  /** Everything the form and this browser know, as one record. */
  record(): DeploymentRecord {
    const env = this.environment();
    const deployment = currentDeployment(env);
    const value = (name: string) => this.field(name)?.value ?? "";
    const version: RecordVersion = emptyVersion();
    for (const name of versionFields) version[name] = value(name);
    const time = value("time") ? new Date(value("time")) : new Date();
    const smokeRun = smokeRunForDeployment(seenSmokeRuns(), env, deployment.startedAt);
    const repositoryUrl = this.#environments.find((e) => e.id === env)?.repositoryUrl;
    let kept: string | null = null;
    try {
      kept = localStorage.getItem(storageKeys.monitor(env));
    } catch {
      // Storage refused: the record goes without the monitor line.
    }
    const monitor = monitorForDeployment(kept, env, deployment.startedAt);
    return {
      environment: env,
      deployment: { name: deployment.name, key: deploymentKey(deployment), startedAt: deployment.startedAt },
      time: Number.isFinite(time.getTime()) ? time.toISOString() : new Date().toISOString(),
      deployedBy: value("deployedBy"),
      rollbackOwner: value("rollbackOwner"),
      version,
      ...(repositoryUrl && { repositoryUrl }),
      checks: checksForDeployment(seenCheckResults(), env, deployment.startedAt),
      ...(smokeRun && { smokeRun }),
      ...(monitor && { monitor }),
      checklists: checklistsFor(deployment).map(checklistForRecord),
      rolledBack: value("rolledBack"),
      notes: value("notes"),
      exportedAt: new Date().toISOString(),
    };
  }

  /** Redraws the Markdown preview while it is open. */
  preview(): void {
    const pre = this.querySelector("[data-preview]");
    if (!pre || !this.querySelector<HTMLDetailsElement>("details")?.open) return;
    void writer().then(({ recordMarkdown }) => {
      pre.textContent = recordMarkdown(this.record());
    });
  }

  exported(text: string): void {
    this.querySelector("[data-export-status]")?.replaceChildren(text);
  }

  async copy(): Promise<void> {
    const { recordMarkdown } = await writer();
    const text = recordMarkdown(this.record());
    try {
      await navigator.clipboard.writeText(text);
      this.exported("Copied the Markdown.");
    } catch {
      const details = this.querySelector<HTMLDetailsElement>(".rw-record-preview");
      const pre = this.querySelector<HTMLElement>("[data-preview]");
      if (details) details.open = true;
      if (pre) {
        pre.textContent = text;
        const range = document.createRange();
        range.selectNodeContents(pre);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      this.exported("The clipboard was refused: the Markdown below is selected, press Ctrl+C.");
    }
  }

  async download(kind: "md" | "json"): Promise<void> {
    const record = this.record();
    const { recordFileName, recordJson, recordMarkdown } = await writer();
    const text = kind === "md" ? recordMarkdown(record) : recordJson(record);
    const url = URL.createObjectURL(new Blob([text], { type: kind === "md" ? "text/markdown" : "application/json" }));
    const name = recordFileName(record, kind);
    const a = h("a", { href: url, download: name, hidden: "" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.exported(`Downloaded ${name}.`);
  }
}

if (!customElements.get("runbook-deployment-record"))
  customElements.define("runbook-deployment-record", RunbookDeploymentRecord);
