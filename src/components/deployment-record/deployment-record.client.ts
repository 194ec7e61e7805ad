import { onCheckResult } from "../shared/check-results.ts";
import { deploymentKey } from "../shared/deployment.ts";
import { currentDeployment, onDeploymentChange, startDeployment } from "../shared/deployment-storage.ts";
import { chooseEnvironment, currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { STORAGE_PREFIX } from "../shared/storage-keys.ts";
import { rememberDeployer, saveDraft, showDraft } from "./record-drafts.ts";
import { copy, download, preview } from "./record-export.ts";
import { fillFromLive } from "./record-fill.ts";
import { type RecordEnvironment, recordOf } from "./record-form.ts";
import { renderSeen } from "./record-seen.ts";

/** `<runbook-deployment-record>`: the record form (record-form), its drafts, its live fill and its exports. */
class RunbookDeploymentRecord extends HTMLElement {
  #environments: RecordEnvironment[] = [];
  #filledFor = "";

  connectedCallback(): void {
    const form = this.querySelector<HTMLFormElement>("[data-form]");
    if (!form) return;
    try {
      this.#environments = JSON.parse(this.dataset.environments ?? "[]");
    } catch {
      this.#environments = [];
    }
    const life = lifecycle(this, null, this.querySelector<HTMLButtonElement>("[data-fill]"));
    const record = () => recordOf(this, this.environment(), this.#environments);
    const show = () => preview(this, record);
    const fill = async (overwrite: boolean) => {
      const updated = await fillFromLive(this, life, this.environment(), this.#environments, overwrite);
      if (!updated) return;
      this.#environments = updated;
      saveDraft(this, this.dataset.deployment ?? "");
      show();
    };
    const seen = () => {
      renderSeen(this, record());
      show();
    };
    const load = () => {
      const env = this.environment();
      const deployment = currentDeployment(env);
      const key = deploymentKey(deployment);
      // A fill still reading belongs to the environment or deployment the reader just left: a new fill
      // below supersedes it; when this deployment was filled before, it is dropped here.
      if (key !== this.dataset.deployment && this.#filledFor === key) life.drop();
      const select = this.querySelector<HTMLSelectElement>("[data-environment]");
      if (select) select.value = env;
      this.dataset.environment = env;
      this.dataset.deployment = key;
      const label = this.querySelector("[data-deployment]");
      if (label) label.textContent = `${env} · ${deployment.name}`;
      showDraft(
        this,
        key,
        deployment,
        this.#environments.find((e) => e.id === env),
      );
      seen();
      if (this.#filledFor !== key) {
        this.#filledFor = key;
        void fill(false);
      }
    };

    form.hidden = false;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", (e) => {
      const target = e.target as HTMLInputElement;
      if (target.dataset.field) saveDraft(this, this.dataset.deployment ?? "");
      if (target.dataset.field === "deployedBy") rememberDeployer(target.value);
      show();
    });
    this.querySelector("[data-environment]")?.addEventListener("change", (e) =>
      chooseEnvironment((e.target as HTMLSelectElement).value),
    );
    this.querySelector("[data-new-deployment]")?.addEventListener("click", () => startDeployment(this.environment()));
    life.onPress(() => fill(true));
    this.querySelector("details")?.addEventListener("toggle", show);
    this.querySelector("[data-copy-markdown]")?.addEventListener("click", () => void copy(this, record()));
    for (const button of this.querySelectorAll<HTMLButtonElement>("[data-download]"))
      button.addEventListener(
        "click",
        () => void download(this, record(), button.dataset.download === "json" ? "json" : "md"),
      );
    onEnvironmentChange(load);
    onDeploymentChange(load);
    onCheckResult(seen);
    window.addEventListener("storage", (e) => {
      if (e.key?.startsWith(STORAGE_PREFIX)) seen();
    });
    load();
  }

  environment(): string {
    return currentEnvironment() ?? "demo";
  }
}

if (!customElements.get("runbook-deployment-record"))
  customElements.define("runbook-deployment-record", RunbookDeploymentRecord);
