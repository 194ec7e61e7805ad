import { judge } from "../../core/checks/judge.ts";
import type { CheckResult, VerifyPart, VerifySummary } from "../../core/result.ts";
import { type ApiFailure, callApi } from "../shared/api.ts";
import { expectedActualTable, renderFailure, resultDetails } from "../shared/check-render.ts";
import { announceCheckResult, detailFromResult, rememberSmokeRun } from "../shared/check-results.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { placeholderNotes } from "../shared/placeholder.ts";
import { setState } from "../shared/status.ts";
import { verdictText } from "../shared/verdict.ts";
import { checkList, verifyPart } from "../shared/verify-shapes.ts";
import { verifyMarkdown } from "./markdown.ts";

type Outcome = { ok: true; summary: VerifySummary } | ApiFailure;

/** `<runbook-verify-all>`: runs every smoke check, one invocation each, and shows each as it completes. */
class RunbookVerifyAll extends HTMLElement {
  #results: CheckResult[] = [];
  #summary: VerifySummary | undefined;

  connectedCallback(): void {
    const run = this.querySelector<HTMLButtonElement>("[data-run]");
    const copy = this.querySelector<HTMLButtonElement>("[data-copy]");
    const label = this.querySelector<HTMLElement>("[data-state-label]");
    const progress = this.querySelector<HTMLElement>("[data-progress]");
    const box = this.querySelector<HTMLElement>("[data-result]");
    if (!run || !copy || !label || !progress || !box) return;
    run.hidden = false;
    label.hidden = false;
    const life = lifecycle(this, label, run);
    life.onPress(async () => {
      this.reset(copy);
      setState(this, "running");
      const env = currentEnvironment() ?? "demo";
      const newest = await life.read((current) => this.run(env, progress, current));
      if (!newest) return;
      if (newest.answer.ok) this.showSummary(newest.answer.summary, box);
      else renderFailure(this, box, newest.answer);
      copy.hidden = this.#summary === undefined;
    });
    copy.addEventListener("click", () => void this.copy(copy));
    // A run for the environment the reader left is dropped: its rows stop arriving and its verdict is not shown.
    onEnvironmentChange(() => {
      life.drop();
      this.reset(copy);
    });
  }

  reset(copy: HTMLButtonElement): void {
    this.#results = [];
    this.#summary = undefined;
    copy.hidden = true;
    setState(this, "idle");
    this.querySelector("[data-progress]")?.replaceChildren();
    this.querySelector("[data-result]")?.replaceChildren();
  }

  /**
   * Runs verify-all as one invocation per smoke check, all at once (`POST /api/verify/checks/{id}`):
   * each keeps to Cloudflare's per-invocation limits (6 connections, 50 subrequests, the CPU of one
   * check), so the run takes about as long as its slowest check. The verdict is judged here, from the
   * samples every check reports, with the same code the Function uses (which judges the press again
   * from the answers it kept, to tell the team). Rows show while `current()`.
   */
  async run(env: string, progress: HTMLElement, current: () => boolean): Promise<Outcome> {
    const query = `env=${encodeURIComponent(env)}`;
    // One id for the press, so the Function judges it too once its last check is in, and tells the team.
    const press = crypto.randomUUID();
    const list = await callApi(`/api/checks?${query}`, checkList);
    if (!list.ok) return list;
    const smoke = list.data.checks.filter((c) => c.smoke);
    if (current()) this.showStart(smoke, progress);
    const started = performance.now();
    const parts = await Promise.all(
      smoke.map(async (c) => {
        const part = await callApi(
          `/api/verify/checks/${encodeURIComponent(c.id)}?${query}&press=${press}`,
          verifyPart,
          {
            method: "POST",
          },
        );
        if (part.ok && current()) this.showResult(part.data.result, progress);
        return part;
      }),
    );
    const done: VerifyPart[] = [];
    for (const part of parts) {
      if (!part.ok) return part;
      done.push(part.data);
    }
    const criteria = done[0]?.criteria;
    if (!criteria)
      return {
        ok: false,
        kind: "api",
        code: "no_smoke_checks",
        message: `Environment "${env}" has no smoke checks to verify.`,
      };
    const summary = judge(
      { environment: { id: env } },
      done.map((p) => p.result),
      {
        latencies: done.flatMap((p) => p.samples.latencies),
        errors: done.reduce((n, p) => n + p.samples.errors, 0),
        count: done.reduce((n, p) => n + p.samples.count, 0),
      },
      criteria,
      performance.now() - started,
    );
    return { ok: true, summary };
  }

  showStart(checks: readonly { id: string; title: string }[], progress: HTMLElement): void {
    progress.replaceChildren(
      ...checks.map((c) =>
        h(
          "li",
          { "data-check": c.id, "data-state": "running" },
          h("span", { class: "rw-row-state" }, verdictText("running")),
          ` ${c.title}`,
        ),
      ),
    );
  }

  showResult(r: CheckResult, progress: HTMLElement): void {
    this.#results.push(r);
    announceCheckResult(detailFromResult(r, "verify-all"));
    const row = progress.querySelector<HTMLElement>(`li[data-check="${CSS.escape(r.checkId)}"]`);
    if (row) {
      row.dataset.state = r.status;
      const details = h(
        "details",
        {},
        h("summary", {}, h("span", { class: "rw-row-state" }, verdictText(r.status)), ` ${r.title}: ${r.summary}`),
        resultDetails(r),
      );
      row.replaceChildren(details);
    }
  }

  showSummary(summary: VerifySummary, box: HTMLElement): void {
    this.#summary = summary;
    rememberSmokeRun(summary);
    setState(this, summary.status, summary.status === "fail" ? "criteria not met" : "criteria met");
    box.replaceChildren(
      ...placeholderNotes(summary.environment),
      h("p", { class: "rw-summary" }, summary.summary),
      expectedActualTable(
        "Success criteria",
        "Success criterion",
        summary.criteria.map((c) => ({ ...c, result: [verdictText(c.status)] })),
      ),
    );
  }

  async copy(button: HTMLButtonElement): Promise<void> {
    if (!this.#summary) return;
    const text = verifyMarkdown(this.#summary, this.#results);
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed: select the text below";
      this.querySelector("[data-result]")?.append(h("pre", { class: "rw-markdown" }, text));
    }
    setTimeout(() => {
      button.textContent = "Copy as Markdown";
    }, 2000);
  }
}

if (!customElements.get("runbook-verify-all")) customElements.define("runbook-verify-all", RunbookVerifyAll);
