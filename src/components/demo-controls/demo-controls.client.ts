import { callApi } from "../shared/api.ts";
import { demoState } from "../shared/shapes.ts";

/** `<runbook-demo-controls>`: reads the demo's mode and switches it. */
class RunbookDemoControls extends HTMLElement {
  async connectedCallback(): Promise<void> {
    const fieldset = this.querySelector<HTMLFieldSetElement>("[data-modes]");
    const note = this.querySelector<HTMLElement>("[data-note]");
    if (!fieldset || !note) return;
    note.textContent = "Reading the demo's mode…";
    const state = await callApi("/api/demo/state", demoState);
    if (!state.ok) {
      note.textContent = state.message;
      return;
    }
    this.show(fieldset, note, state.data.mode);
    fieldset.disabled = false;
    fieldset.addEventListener("change", async (event) => {
      const mode = (event.target as HTMLInputElement).value;
      fieldset.disabled = true;
      note.textContent = `Switching the demo to ${mode}…`;
      const changed = await callApi("/api/demo/state", demoState, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode }),
      });
      fieldset.disabled = false;
      if (changed.ok) this.show(fieldset, note, changed.data.mode);
      else note.textContent = changed.message;
    });
  }

  show(fieldset: HTMLFieldSetElement, note: HTMLElement, mode: string): void {
    for (const input of fieldset.querySelectorAll<HTMLInputElement>("input")) input.checked = input.value === mode;
    this.dataset.mode = mode;
    note.textContent = `The demo is ${mode}. Press any Verify button to see what a reader would see.`;
  }
}

if (!customElements.get("runbook-demo-controls")) customElements.define("runbook-demo-controls", RunbookDemoControls);
