import type { DeploymentRef, RollbackActionState } from "../../core/deploy/rollback-action.ts";
import { rollbackActionState } from "../shared/action-shapes.ts";
import { callApi } from "../shared/api.ts";
import { busy } from "../shared/busy.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, environmentFacts, onEnvironmentChange } from "../shared/environment.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { name, OUTCOME_STATE } from "./rollback-action.ts";
import { prefillReason, watchRecommendation } from "./rollback-action.verdict.ts";

/** `<runbook-rollback-action>`: the guarded Pages rollback form, its streamed progress and plain result. */
class RunbookRollbackAction extends HTMLElement {
  connectedCallback(): void {
    const q = <T extends HTMLElement>(s: string) => this.querySelector<T>(s) as T;
    const status = q("[data-status]");
    const refresh = q<HTMLButtonElement>("[data-refresh]");
    const form = q<HTMLFormElement>("[data-form]");
    const select = q<HTMLSelectElement>("[data-target]");
    const press = q<HTMLButtonElement>("[data-press]");
    const formStatus = q("[data-form-status]");
    const steps = q("[data-steps]");
    const outcomeBox = q("[data-outcome-box]");
    const body = q("[data-body]");
    const path = `/api/actions/${this.dataset.kind === "convex" ? "convex-redeploy" : "rollback"}`;
    if (!status || !refresh || !form || !select || !press || !steps || !outcomeBox || !body) return;
    status.hidden = false;
    refresh.hidden = false;
    let current: RollbackActionState | undefined;
    // The newest read wins: an answer for an environment the reader has since switched away from is
    // dropped, so the form never offers one environment's targets under another's name.
    const life = lifecycle(this, status, refresh);
    const show = life.show;
    const load = async () => {
      const env = currentEnvironment() ?? "demo";
      show("running", `Asking whether ${env} can be rolled back from here…`);
      const read = await life.read(() => callApi(`${path}?env=${encodeURIComponent(env)}`, rollbackActionState));
      if (!read) return;
      const answer = read.answer;
      if (!answer.ok) {
        form.hidden = true;
        show("error", answer.message);
        return;
      }
      current = answer.data;
      this.dataset.environment = current.environment;
      const last = current.last
        ? h(
            "p",
            { class: "rw-meta", "data-last": "" },
            `Last action: ${current.last.by} rolled ${current.environment} back to ${current.last.toId.slice(0, 8)} at ${current.last.at} (${current.last.status === "unknown" ? "outcome unknown" : current.last.status.replace(/_/g, " ")}), reason: “${current.last.reason}”.`,
          )
        : "";
      if (!current.available || !current.live) {
        form.hidden = true;
        body.replaceChildren(h("p", { class: "rw-desc", "data-why": "" }, current.why ?? "Not available here."), last);
        show("idle", `No rollback button for ${current.environment}`, "unavailable");
        return;
      }
      const facts = environmentFacts(current.environment);
      q("[data-env-label]").textContent = facts.label;
      q("[data-confirm-word]").textContent = current.environment;
      q("[data-live]").textContent = name(current.live);
      const live = current.live;
      const { newest } = current;
      const when = (t: DeploymentRef) => (t.createdOn ? ` · ${t.createdOn.slice(0, 16).replace("T", " ")} UTC` : "");
      // Already rolled back: nothing is picked for the reader, and nothing older is called "last good"
      // (the served one is the current state); an older target is only for when the served one is bad too.
      select.replaceChildren(
        ...(newest
          ? [h("option", { value: "", selected: "", disabled: "" }, `Only if ${live.shortId} is bad too: pick one`)]
          : []),
        ...current.targets.map((t, i) =>
          h("option", { value: t.id }, `${name(t)}${when(t)}${!newest && i === 0 ? " · last good" : ""}`),
        ),
      );
      form.hidden = current.targets.length === 0;
      body.replaceChildren(
        newest
          ? h(
              "p",
              { class: "rw-summary", "data-rolled-back": "" },
              h("strong", {}, `Rolled back to ${name(live)}; roll forward to ${name(newest)} when it is fixed.`),
              ` Verify what is served now; roll back further below only if ${live.shortId} is bad too.`,
            )
          : "",
        current.targets.length === 0
          ? h("p", { class: "rw-desc" }, "No older successful production deployment to go back to.")
          : "",
        last,
      );
      if (newest)
        show("warn", `Rolled back to ${name(live)}; roll forward to ${name(newest)} when fixed`, "rolled-back");
      else show("idle", `Ready: ${current.environment} serves ${name(live)}`, "ready");
      if (newest || current.targets.length === 0) return;
      const verdict = await watchRecommendation(current.environment);
      if (verdict && current.environment === (currentEnvironment() ?? "demo"))
        body.prepend(prefillReason(form, verdict));
    };

    // The press (request, stream, progress) loads when the engineer starts filling the form: off the first load.
    let pressModule: Promise<typeof import("./rollback-action.press.ts")> | undefined;
    const loadPress = () => {
      pressModule ??= import("./rollback-action.press.ts");
      return pressModule;
    };
    form.addEventListener("focusin", () => void loadPress(), { once: true });
    const submit = busy(press, async () => {
      const s = current;
      if (!s?.live) return;
      const { pressRollback } = await loadPress();
      const outcome = await pressRollback({
        path,
        state: s,
        live: s.live,
        form,
        select,
        formStatus,
        steps,
        outcomeBox,
        show,
      });
      if (!outcome) return;
      await load();
      // Keep the result on the status line; the refresh above only updated the form. Focus goes to the
      // result, not back into the form, so Enter cannot start a second rollback by mistake.
      const result = outcomeBox.querySelector<HTMLElement>("[data-result]");
      if (result) show(OUTCOME_STATE[outcome] ?? "error", result.textContent ?? "", outcome);
      outcomeBox.tabIndex = -1;
      outcomeBox.focus();
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void submit();
    });
    life.onPress(load);
    onEnvironmentChange(() => {
      steps.replaceChildren();
      outcomeBox.replaceChildren();
      void load();
    });
    void load();
  }
}

if (!customElements.get("runbook-rollback-action"))
  customElements.define("runbook-rollback-action", RunbookRollbackAction);
