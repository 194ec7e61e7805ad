import type { DeployWindow } from "../../core/config/deploy-window.ts";
import { h } from "../shared/dom.ts";
import { readerTimeZone, windowView } from "./deploy-window.ts";

/**
 * `<runbook-deploy-window data-rules="{…}">`: the verdict for right now on the browser's clock, the team's
 * and the reader's time, and the next best window. The rules come from the build, so nothing is fetched;
 * it redraws at each new minute.
 */
class RunbookDeployWindow extends HTMLElement {
  #status = this.querySelector<HTMLElement>("[data-verdict]");
  #why = this.querySelector<HTMLElement>("[data-reasons]");
  #facts = this.querySelector<HTMLElement>("[data-facts]");
  #timer: ReturnType<typeof setTimeout> | undefined;
  #rules: DeployWindow | undefined;
  // A background tab's timers may be held back for minutes: redraw as soon as the reader looks again.
  #onVisible = (): void => {
    if (document.visibilityState === "visible") this.render();
  };

  connectedCallback(): void {
    if (!this.#status || !this.#why || !this.#facts) return;
    this.#status.hidden = false;
    try {
      this.#rules = JSON.parse(this.dataset.rules ?? "") as DeployWindow;
    } catch {
      this.dataset.state = "error";
      this.#status.textContent =
        "⚠ Could not read the deployment-window rules from this page; the rules below still apply.";
      return;
    }
    document.addEventListener("visibilitychange", this.#onVisible);
    this.render();
  }

  disconnectedCallback(): void {
    clearTimeout(this.#timer);
    document.removeEventListener("visibilitychange", this.#onVisible);
  }

  /** Shows the verdict for this minute, then waits for the next minute to start. */
  render(): void {
    const rules = this.#rules;
    if (!rules || !this.#status || !this.#why || !this.#facts) return;
    const now = new Date();
    const view = windowView(now, rules, readerTimeZone());
    this.dataset.state = view.state;
    this.dataset.verdict = view.verdict;
    const headline = `${view.symbol} ${view.headline}`;
    // The status is a live region: only a changed verdict is announced, not every minute's clock.
    if (this.#status.textContent !== headline)
      this.#status.replaceChildren(h("span", { "aria-hidden": "true" }, view.symbol), ` ${view.headline}`);
    this.#why.textContent = view.reasons.join(" · ");
    this.#facts.replaceChildren(
      ...view.facts.map((fact) =>
        h(
          "div",
          { class: "rw-window-fact", "data-fact": fact.key },
          h("dt", {}, fact.label),
          h("dd", {}, fact.value, fact.note ? h("span", { class: "rw-window-note" }, ` · ${fact.note}`) : null),
        ),
      ),
    );
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.render(), 60_000 - (now.getTime() % 60_000) + 50);
  }
}

if (!customElements.get("runbook-deploy-window")) customElements.define("runbook-deploy-window", RunbookDeployWindow);
