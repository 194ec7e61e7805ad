/**
 * @module
 * The press of `<runbook-rollback-action>`, loaded when the engineer starts filling the form: checks the
 * confirmation and reason on the page (the Function checks them again), sends the request, and renders
 * the NDJSON progress and the plain result as they stream in.
 */
import type { DeploymentRef, RollbackActionState, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { rollbackEvent } from "../shared/action-shapes.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment } from "../shared/environment.ts";
import type { WidgetState } from "../shared/status.ts";
import { streamApi } from "../shared/stream.ts";
import { name, OUTCOME_STATE } from "./rollback-action.ts";

export interface PressContext {
  /** `/api/actions/rollback` or `/api/actions/convex-redeploy`. */
  path: string;
  state: RollbackActionState;
  live: DeploymentRef;
  form: HTMLFormElement;
  select: HTMLSelectElement;
  formStatus: HTMLElement;
  steps: HTMLElement;
  outcomeBox: HTMLElement;
  show: (state: WidgetState, text: string, code?: string) => void;
}

/** Sends one press; the result's outcome once the stream ended, undefined when it stopped before (refused, offline). */
export async function pressRollback(c: PressContext): Promise<string | undefined> {
  const { state: s, form, formStatus, steps, outcomeBox, show } = c;
  const line = (state: WidgetState | "running", text: string) => {
    steps.append(h("li", { "data-state": state }, h("span", { class: "rw-row-state" }, text)));
  };
  let outcome: string | undefined;
  const render = (e: RollbackEvent) => {
    if (e.type === "start")
      line(
        "running",
        `${e.joined ? `Joined ${e.by}'s rollback` : `${e.by} is rolling back`}: ${name(e.from)} → ${name(e.to)}, reason “${e.reason}”.`,
      );
    else if (e.type === "answer")
      line(
        e.verdict === "done" ? "pass" : e.verdict === "refused" ? "fail" : "warn",
        e.verdict === "unknown" ? `Unclear answer, reading back what is live: ${e.said}` : e.said,
      );
    else if (e.type === "read-back")
      line(
        e.switched === true ? "pass" : e.switched === false ? "fail" : "warn",
        `Read back: ${e.said}${e.switched === null ? " (could not tell)" : ""}.`,
      );
    else if (e.type === "run")
      line(
        e.run.conclusion === "success" ? "pass" : e.run.conclusion ? "fail" : "running",
        `Deploy run ${e.run.id}: ${e.run.status ?? "unknown"}${e.run.conclusion ? `, ${e.run.conclusion}` : ""} (${e.run.url})`,
      );
    else if (e.type === "rolled-back")
      line(
        "pass",
        c.path.endsWith("convex-redeploy")
          ? `Convex runs ${name(e.live)} now.`
          : `Cloudflare switched production to ${name(e.live)}.`,
      );
    else if (e.type === "check")
      line(e.result.status, `${e.result.status === "pass" ? "✓" : "✗"} ${e.result.title}: ${e.result.status}`);
    else if (e.type === "smoke") line(e.summary.status, `Smoke suite: ${e.summary.status}. ${e.summary.summary}`);
    else if (e.type === "version")
      line(
        e.matches ? "pass" : "fail",
        `Version check: Pages serves ${e.liveId?.slice(0, 8) ?? "unknown"}${e.frontendCommit ? `, the app reports ${e.frontendCommit.slice(0, 7)}` : ""}${e.matches ? " as expected" : ", not the target yet"}.`,
      );
    else if (e.type === "result") {
      outcome = e.outcome;
      outcomeBox.replaceChildren(
        h("p", { class: "rw-summary", "data-result": e.outcome }, h("strong", {}, e.headline)),
        h("p", { class: "rw-desc" }, `Next: ${e.next}`),
      );
      show(OUTCOME_STATE[e.outcome] ?? "error", e.headline, e.outcome);
    }
  };

  const data = new FormData(form);
  const reason = String(data.get("reason") ?? "").trim();
  const confirm = String(data.get("confirm") ?? "").trim();
  if (c.select.value === "") {
    formStatus.textContent = "Pick the deployment to serve first.";
    c.select.focus();
    return undefined;
  }
  if (confirm !== s.environment || reason === "") {
    formStatus.textContent = confirm !== s.environment ? `Type ${s.environment} to confirm.` : "Say why first.";
    form.querySelector<HTMLElement>(confirm !== s.environment ? "[name=confirm]" : "[name=reason]")?.focus();
    return undefined;
  }
  formStatus.textContent = "";
  steps.replaceChildren();
  outcomeBox.replaceChildren();
  show("running", `Rolling ${s.environment} back…`);
  // Lines stop showing once the reader switches to another environment (the widget then shows that one).
  const here = () => (currentEnvironment() ?? "demo") === s.environment;
  const streamed = await streamApi(
    `${c.path}?env=${encodeURIComponent(s.environment)}`,
    rollbackEvent,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        target: c.select.value,
        reason,
        confirm,
        expectedLive: c.live.id,
        requestId: crypto.randomUUID(),
        issuedAt: s.issuedAt,
      }),
    },
    render,
    here,
  );
  if (!here()) return undefined;
  if (streamed.ok) {
    form.reset();
    return outcome;
  }
  const failure = streamed;
  if (failure.status !== undefined && failure.status < 400) {
    // The answer started, then broke or made no sense: the write may have happened. Say so, and let
    // Refresh read what is live rather than guess.
    show("error", `${failure.message} The rollback may have gone through: press Refresh to read what is live.`);
    return undefined;
  }
  if (failure.status === undefined) {
    show(
      "error",
      "Not rolled back: the request did not reach the runbook API. Nothing changed; check your connection.",
    );
    return undefined;
  }
  outcomeBox.replaceChildren(
    h(
      "p",
      { class: "rw-summary", "data-result": "refused", "data-code": failure.code },
      h("strong", {}, `Not rolled back: ${failure.message}`),
    ),
  );
  show("fail", `Not rolled back (${failure.code}); nothing changed.`, "refused");
  return undefined;
}
