import { callApi } from "../shared/api.ts";
import { demoState } from "../shared/demo-shape.ts";

type State = Record<string, unknown> & { mode: string };

/** `<runbook-demo-controls>`: reads the demo's mode and switches, and changes them. */
class RunbookDemoControls extends HTMLElement {
  // Changes go out one after another; the radios stay enabled (disabling them dropped keyboard focus).
  #queue: Promise<void> = Promise.resolve();

  async connectedCallback(): Promise<void> {
    const fieldset = this.querySelector<HTMLFieldSetElement>("[data-modes]");
    const note = this.querySelector<HTMLElement>("[data-note]");
    const reset = this.querySelector<HTMLButtonElement>("[data-reset]");
    if (!fieldset || !note) return;
    note.textContent = "Reading the demo's mode…";
    const state = await callApi("/api/demo/state", demoState);
    if (!state.ok) {
      note.textContent = state.message;
      return;
    }
    this.show(state.data);
    fieldset.disabled = false;
    for (const select of this.selects()) select.disabled = false;
    if (reset) reset.hidden = false;
    fieldset.addEventListener("change", (event) => this.enqueue({ mode: (event.target as HTMLInputElement).value }));
    this.querySelector("[data-scenarios]")?.addEventListener("change", (event) => {
      const select = event.target as HTMLSelectElement;
      this.enqueue({ [select.dataset.setting ?? ""]: select.value });
    });
    reset?.addEventListener("click", () => this.enqueue(undefined));
  }

  enqueue(change: Record<string, string> | undefined): void {
    this.#queue = this.#queue.then(() => this.change(change));
  }

  selects(): HTMLSelectElement[] {
    return [...this.querySelectorAll<HTMLSelectElement>("select[data-setting]")];
  }

  /** Sends one change (or a reset when `change` is undefined) and shows the demo's new state. */
  async change(change: Record<string, string> | undefined): Promise<void> {
    const note = this.querySelector<HTMLElement>("[data-note]");
    const fieldset = this.querySelector<HTMLFieldSetElement>("[data-modes]");
    if (!note || !fieldset) return;
    fieldset.setAttribute("aria-busy", "true");
    note.textContent = change
      ? `Switching the demo: ${Object.entries(change)
          .map(([k, v]) => `${k} = ${v}`)
          .join(", ")}…`
      : "Resetting the demo…";
    const changed = await callApi(change ? "/api/demo/state" : "/api/demo/reset", demoState, {
      method: "POST",
      ...(change && { headers: { "content-type": "application/json" }, body: JSON.stringify(change) }),
    });
    fieldset.removeAttribute("aria-busy");
    if (changed.ok) this.show(changed.data);
    else note.textContent = changed.message;
  }

  show(state: State): void {
    for (const input of this.querySelectorAll<HTMLInputElement>("[data-modes] input"))
      input.checked = input.value === state.mode;
    for (const select of this.selects()) {
      const value = state[select.dataset.setting ?? ""];
      if (typeof value === "string") select.value = value;
    }
    this.dataset.mode = state.mode;
    // Every switch off its default is named: "healthy" alone while a bad deploy is live taught the wrong lesson.
    const switched = this.selects()
      .filter((s) => s.value !== s.dataset.default)
      .map(
        (s) =>
          `${s.closest("label")?.querySelector("span")?.textContent?.split(" (")[0] ?? s.dataset.setting}: ${s.value}`,
      );
    this.dataset.switched = String(switched.length);
    const note = this.querySelector<HTMLElement>("[data-note]");
    if (note)
      note.textContent = `${
        switched.length === 0 && state.mode === "healthy"
          ? "The demo is healthy, every switch at its default."
          : `The demo is ${state.mode}${switched.length ? `, with ${switched.join("; ")}` : ""}.`
      } Press any Verify button to see what a reader would see.`;
  }
}

if (!customElements.get("runbook-demo-controls")) customElements.define("runbook-demo-controls", RunbookDemoControls);
