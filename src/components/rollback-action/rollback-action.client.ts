import type { DeploymentRef, RollbackActionState, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { callApi, failureFrom } from "../shared/api.ts";
import { busy } from "../shared/busy.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, environmentFacts, onEnvironmentChange } from "../shared/environment.ts";
import type { Shape } from "../shared/shapes.ts";
import { showStatus, type WidgetState } from "../shared/status.ts";

/** The load-bearing fields of `GET /api/actions/rollback` (the contract: `core/deploy/rollback-action.ts`). */
const stateShape: Shape<RollbackActionState> = {
  safeParse(v) {
    const o = v as Partial<RollbackActionState> | null;
    return o && typeof o.available === "boolean" && typeof o.issuedAt === "string" && Array.isArray(o.targets)
      ? { success: true, data: o as RollbackActionState }
      : { success: false };
  },
};

const name = (d: DeploymentRef) => `${d.shortId}${d.commit ? ` (commit ${d.commit.slice(0, 7)})` : ""}`;
const OUTCOME_STATE: Record<string, WidgetState> = {
  verified: "pass",
  "verify-failed": "fail",
  "not-rolled-back": "error",
};

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
    if (!status || !refresh || !form || !select || !press || !steps || !outcomeBox || !body) return;
    status.hidden = false;
    refresh.hidden = false;
    let current: RollbackActionState | undefined;
    const show = (state: WidgetState, text: string, code: string = state) => {
      this.dataset.outcome = code;
      showStatus(this, status, state, text);
    };

    const load = busy(refresh, async () => {
      const env = currentEnvironment() ?? "demo";
      show("running", `Asking whether ${env} can be rolled back from here…`);
      const answer = await callApi(`/api/actions/rollback?env=${encodeURIComponent(env)}`, stateShape);
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
            `Last action: ${current.last.by} rolled ${current.environment} back to ${current.last.toId.slice(0, 8)} at ${current.last.at} (${current.last.status.replace(/_/g, " ")}), reason: “${current.last.reason}”.`,
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
      select.replaceChildren(
        ...current.targets.map((t, i) =>
          h(
            "option",
            { value: t.id },
            `${name(t)} · ${t.createdOn.slice(0, 16).replace("T", " ")} UTC${i === 0 ? " · last good" : ""}`,
          ),
        ),
      );
      form.hidden = current.targets.length === 0;
      body.replaceChildren(
        current.targets.length === 0
          ? h("p", { class: "rw-desc" }, "No older successful production deployment to go back to.")
          : "",
        last,
      );
      show("idle", `Ready: ${current.environment} serves ${name(current.live)}`, "ready");
    });

    const line = (state: WidgetState | "running", text: string) => {
      steps.append(h("li", { "data-state": state }, h("span", { class: "rw-row-state" }, text)));
    };

    const render = (e: RollbackEvent) => {
      if (e.type === "start")
        line(
          "running",
          `${e.joined ? `Joined ${e.by}'s rollback` : `${e.by} is rolling back`}: ${name(e.from)} → ${name(e.to)}, reason “${e.reason}”.`,
        );
      else if (e.type === "rolled-back") line("pass", `Cloudflare switched production to ${name(e.live)}.`);
      else if (e.type === "check")
        line(e.result.status, `${e.result.status === "pass" ? "✓" : "✗"} ${e.result.title}: ${e.result.status}`);
      else if (e.type === "smoke") line(e.summary.status, `Smoke suite: ${e.summary.status}. ${e.summary.summary}`);
      else if (e.type === "version")
        line(
          e.matches ? "pass" : "fail",
          `Version check: Pages serves ${e.liveId?.slice(0, 8) ?? "unknown"}${e.frontendCommit ? `, the app reports ${e.frontendCommit.slice(0, 7)}` : ""}${e.matches ? " as expected" : ", not the target yet"}.`,
        );
      else if (e.type === "result") {
        const state = OUTCOME_STATE[e.outcome] ?? "error";
        outcomeBox.replaceChildren(
          h("p", { class: "rw-summary", "data-result": e.outcome }, h("strong", {}, e.headline)),
          h("p", { class: "rw-desc" }, `Next: ${e.next}`),
        );
        show(state, e.headline, e.outcome);
      }
    };

    const submit = busy(press, async () => {
      const s = current;
      if (!s?.live) return;
      const data = new FormData(form);
      const reason = String(data.get("reason") ?? "").trim();
      const confirm = String(data.get("confirm") ?? "").trim();
      if (confirm !== s.environment || reason === "") {
        formStatus.textContent = confirm !== s.environment ? `Type ${s.environment} to confirm.` : "Say why first.";
        form.querySelector<HTMLElement>(confirm !== s.environment ? "[name=confirm]" : "[name=reason]")?.focus();
        return;
      }
      formStatus.textContent = "";
      steps.replaceChildren();
      outcomeBox.replaceChildren();
      show("running", `Rolling ${s.environment} back…`);
      let res: Response;
      try {
        res = await fetch(`/api/actions/rollback?env=${encodeURIComponent(s.environment)}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/x-ndjson" },
          body: JSON.stringify({
            target: select.value,
            reason,
            confirm,
            expectedLive: s.live.id,
            requestId: crypto.randomUUID(),
            issuedAt: s.issuedAt,
          }),
        });
      } catch {
        show(
          "error",
          "Not rolled back: the request did not reach the runbook API. Nothing changed; check your connection.",
        );
        return;
      }
      if (!res.ok || !res.body) {
        const failure = failureFrom(res, await res.json().catch(() => null));
        outcomeBox.replaceChildren(
          h(
            "p",
            { class: "rw-summary", "data-result": "refused", "data-code": failure.code },
            h("strong", {}, `Not rolled back: ${failure.message}`),
          ),
        );
        show("fail", `Not rolled back (${failure.code}); nothing changed.`, "refused");
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        buffer += value ?? "";
        const lines = buffer.split("\n");
        buffer = done ? "" : (lines.pop() ?? "");
        for (const text of lines) if (text.trim()) render(JSON.parse(text) as RollbackEvent);
        if (done) break;
      }
      form.reset();
      const outcome = this.dataset.outcome;
      await load();
      // Keep the result on the status line; the refresh above only updated the form.
      const result = outcomeBox.querySelector<HTMLElement>("[data-result]");
      if (result && outcome) show(OUTCOME_STATE[outcome] ?? "error", result.textContent ?? "", outcome);
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void submit();
    });
    refresh.addEventListener("click", () => void load());
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
