import type { CheckResult, VerifySummary } from "../../core/result.ts";
import { renderFailure, resultDetails } from "../check/render.ts";
import { failureFrom } from "../shared/api.ts";
import { busy } from "../shared/busy.ts";
import { announceCheckResult, detailFromResult, rememberSmokeRun } from "../shared/check-results.ts";
import { verifyEvent } from "../shared/check-shapes.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { placeholderNotes } from "../shared/placeholder.ts";
import { setState, stateLabel, stateSymbol } from "../shared/status.ts";
import { scrollTable } from "../shared/table.ts";
import { verifyMarkdown } from "./markdown.ts";

/** `<runbook-verify-all>`: streams `POST /api/verify` and shows each check as it completes. */
class RunbookVerifyAll extends HTMLElement {
  #results: CheckResult[] = [];
  #summary: VerifySummary | undefined;

  connectedCallback(): void {
    const run = this.querySelector<HTMLButtonElement>("[data-run]");
    const copy = this.querySelector<HTMLButtonElement>("[data-copy]");
    if (!run || !copy) return;
    run.hidden = false;
    this.querySelector("[data-state-label]")?.removeAttribute("hidden");
    run.addEventListener(
      "click",
      busy(run, () => this.run(copy)),
    );
    copy.addEventListener("click", () => void this.copy(copy));
    onEnvironmentChange(() => this.reset(copy));
  }

  reset(copy: HTMLButtonElement): void {
    this.#results = [];
    this.#summary = undefined;
    copy.hidden = true;
    setState(this, "idle");
    this.querySelector("[data-progress]")?.replaceChildren();
    this.querySelector("[data-result]")?.replaceChildren();
  }

  async run(copy: HTMLButtonElement): Promise<void> {
    const progress = this.querySelector<HTMLElement>("[data-progress]");
    const box = this.querySelector<HTMLElement>("[data-result]");
    if (!progress || !box) return;
    this.reset(copy);
    setState(this, "running");
    const env = currentEnvironment() ?? "demo";
    try {
      const res = await fetch(`/api/verify?env=${encodeURIComponent(env)}`, {
        method: "POST",
        headers: { accept: "application/x-ndjson" },
      });
      const type = res.headers.get("content-type") ?? "";
      if (!res.ok || !type.includes("ndjson") || !res.body) {
        renderFailure(this, box, failureFrom(res, await res.json().catch(() => null)));
        return;
      }
      await this.read(res.body, progress, box);
      if (!this.#summary)
        renderFailure(this, box, {
          ok: false,
          kind: "unreachable",
          code: "incomplete",
          message: "The run ended before its summary arrived; run it again.",
        });
    } catch {
      renderFailure(this, box, {
        ok: false,
        kind: "unreachable",
        code: "network",
        message:
          "The runbook API could not be reached or the stream broke off; check the site is running and try again.",
      });
    } finally {
      copy.hidden = this.#summary === undefined;
    }
  }

  /** Reads NDJSON lines as they arrive and updates the progress list. */
  async read(body: ReadableStream<Uint8Array>, progress: HTMLElement, box: HTMLElement): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      buffer += decoder.decode(value, { stream: !done });
      const lines = buffer.split("\n");
      buffer = done ? "" : (lines.pop() ?? "");
      for (const line of lines) if (line.trim()) this.apply(line, progress, box);
      if (done) return;
    }
  }

  apply(line: string, progress: HTMLElement, box: HTMLElement): void {
    const parsed = verifyEvent.safeParse(JSON.parse(line));
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.type === "start") {
      progress.replaceChildren(
        ...event.checks.map((c) =>
          h(
            "li",
            { "data-check": c.id, "data-state": "running" },
            h("span", { class: "rw-row-state" }, `${stateSymbol.running} ${stateLabel.running}`),
            ` ${c.title}`,
          ),
        ),
      );
    } else if (event.type === "result") {
      const r = event.result;
      this.#results.push(r);
      announceCheckResult(detailFromResult(r, "verify-all"));
      const row = progress.querySelector<HTMLElement>(`li[data-check="${CSS.escape(r.checkId)}"]`);
      if (row) {
        row.dataset.state = r.status;
        const details = h(
          "details",
          {},
          h(
            "summary",
            {},
            h("span", { class: "rw-row-state" }, `${stateSymbol[r.status]} ${stateLabel[r.status]}`),
            ` ${r.title}: ${r.summary}`,
          ),
          resultDetails(r),
        );
        row.replaceChildren(details);
      }
    } else if (event.type === "error") {
      renderFailure(this, box, { ok: false, kind: "api", code: event.error.code, message: event.error.message });
    } else {
      this.#summary = event.summary;
      rememberSmokeRun(event.summary);
      setState(this, event.summary.status, event.summary.status === "fail" ? "criteria not met" : "criteria met");
      box.replaceChildren(
        ...placeholderNotes(event.summary.environment),
        h("p", { class: "rw-summary" }, event.summary.summary),
        scrollTable(
          "Success criteria",
          h(
            "table",
            { class: "rw-assertions" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, "Result"),
                h("th", {}, "Success criterion"),
                h("th", {}, "Expected"),
                h("th", {}, "Actual"),
              ),
            ),
            h(
              "tbody",
              {},
              ...event.summary.criteria.map((c) =>
                h(
                  "tr",
                  { "data-status": c.status },
                  h("td", {}, `${stateSymbol[c.status]} ${stateLabel[c.status]}`),
                  h("th", { scope: "row" }, c.label),
                  h("td", {}, c.expected),
                  h("td", {}, c.actual),
                ),
              ),
            ),
          ),
        ),
      );
    }
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
