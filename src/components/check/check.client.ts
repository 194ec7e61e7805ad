import { callApi } from "../shared/api.ts";
import { renderFailure, renderResult } from "../shared/check-render.ts";
import { announceCheckResult, detailFromFailure, detailFromResult } from "../shared/check-results.ts";
import { checkResult } from "../shared/check-shapes.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { setState } from "../shared/status.ts";

/** `<runbook-check data-check="id">`: the Verify button and its result. */
class RunbookCheck extends HTMLElement {
  connectedCallback(): void {
    const button = this.querySelector<HTMLButtonElement>("[data-run]");
    const box = this.querySelector<HTMLElement>("[data-result]");
    const label = this.querySelector<HTMLElement>("[data-state-label]");
    if (!button || !box || !label) return;
    button.hidden = false;
    label.hidden = false;
    const life = lifecycle(this, label, button);
    const id = this.dataset.check ?? "";
    life.onPress(async () => {
      const env = currentEnvironment() ?? "demo";
      setState(this, "running");
      const newest = await life.read(() =>
        callApi(`/api/checks/${encodeURIComponent(id)}/run?env=${encodeURIComponent(env)}`, checkResult, {
          method: "POST",
        }),
      );
      if (!newest) return;
      const outcome = newest.answer;
      if (outcome.ok) renderResult(this, box, outcome.data);
      else renderFailure(this, box, outcome);
      const title = this.querySelector(".rw-title")?.textContent ?? "";
      announceCheckResult(
        outcome.ok ? detailFromResult(outcome.data, "check") : detailFromFailure(id, env, title, outcome.message),
      );
    });
    // A result for the environment the reader left is dropped, not shown under the new one's name.
    onEnvironmentChange(() => {
      life.drop();
      setState(this, "idle");
      box.replaceChildren();
    });
  }
}

if (!customElements.get("runbook-check")) customElements.define("runbook-check", RunbookCheck);
