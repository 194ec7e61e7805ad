import { callApi } from "../shared/api.ts";
import { busy } from "../shared/busy.ts";
import { announceCheckResult, detailFromFailure, detailFromResult } from "../shared/check-results.ts";
import { checkResult } from "../shared/check-shapes.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { setState } from "../shared/status.ts";
import { renderFailure, renderResult } from "./render.ts";

/** `<runbook-check data-check="id">`: the Verify button and its result. */
class RunbookCheck extends HTMLElement {
  #button = this.querySelector<HTMLButtonElement>("[data-run]");
  #resultBox = this.querySelector<HTMLElement>("[data-result]");

  connectedCallback(): void {
    if (!this.#button || !this.#resultBox) return;
    this.#button.hidden = false;
    this.querySelector<HTMLElement>("[data-state-label]")?.removeAttribute("hidden");
    this.#button.addEventListener(
      "click",
      busy(this.#button, () => this.run()),
    );
    onEnvironmentChange(() => {
      setState(this, "idle");
      this.#resultBox?.replaceChildren();
    });
  }

  /** Runs the check once in the picked environment and shows the answer. */
  async run(): Promise<void> {
    const box = this.#resultBox;
    const button = this.#button;
    if (!box || !button) return;
    const env = currentEnvironment() ?? "demo";
    setState(this, "running");
    const outcome = await callApi(
      `/api/checks/${encodeURIComponent(this.dataset.check ?? "")}/run?env=${encodeURIComponent(env)}`,
      checkResult,
      {
        method: "POST",
      },
    );
    if (outcome.ok) renderResult(this, box, outcome.data);
    else renderFailure(this, box, outcome);
    const title = this.querySelector(".rw-title")?.textContent ?? "";
    announceCheckResult(
      outcome.ok
        ? detailFromResult(outcome.data, "check")
        : detailFromFailure(this.dataset.check ?? "", env, title, outcome.message),
    );
  }
}

if (!customElements.get("runbook-check")) customElements.define("runbook-check", RunbookCheck);
