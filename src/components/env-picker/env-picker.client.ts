import { callApi } from "../shared/api.ts";
import { chooseEnvironment, currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { environmentList, whoami } from "../shared/shapes.ts";
import { identityText } from "./whoami.ts";

/** `<runbook-env-picker>`: offers the environments the API serves and remembers the choice. */
class RunbookEnvPicker extends HTMLElement {
  async connectedCallback(): Promise<void> {
    const select = this.querySelector<HTMLSelectElement>("[data-select]");
    const note = this.querySelector<HTMLElement>("[data-note]");
    if (!select || !note) return;
    this.hidden = false;
    const stored = currentEnvironment();
    if (stored && [...select.options].some((o) => o.value === stored)) select.value = stored;
    this.mark(select.value);
    select.addEventListener("change", () => chooseEnvironment(select.value));
    onEnvironmentChange((id) => {
      select.value = id;
      this.mark(id);
    });
    void this.showIdentity();
    const outcome = await callApi("/api/environments", environmentList);
    if (!outcome.ok) {
      note.textContent = "API unreachable";
      note.title = outcome.message;
      return;
    }
    const served = new Set(outcome.data.environments.map((e) => e.id));
    for (const option of [...select.options]) if (!served.has(option.value)) option.remove();
    const pick = stored && served.has(stored) ? stored : (outcome.data.default ?? select.options[0]?.value);
    if (pick && pick !== stored) chooseEnvironment(pick);
    else if (pick) select.value = pick;
  }

  /** "Signed in as …" or "Access off (local)"; nothing when the API cannot say (the note above does). */
  async showIdentity(): Promise<void> {
    const identity = this.querySelector<HTMLElement>("[data-identity]");
    const outcome = await callApi("/api/whoami", whoami);
    if (!identity || !outcome.ok) return;
    identity.textContent = identityText(outcome.data);
    identity.hidden = false;
  }

  /** Marks the picker so a production-like environment (config: `productionLike`) stands out and the demo says it is a demo. */
  mark(id: string): void {
    this.dataset.environment = id;
    const note = this.querySelector<HTMLElement>("[data-note]");
    const option = this.querySelector<HTMLOptionElement>(`option[value="${CSS.escape(id)}"]`);
    const demo = option?.dataset.demo === "true";
    const productionLike = option?.dataset.productionLike === "true";
    this.toggleAttribute("data-production-like", productionLike);
    document.documentElement.dataset.runbookEnvironment = id;
    if (note) note.textContent = demo ? "Demo: a local stand-in, safe to break" : productionLike ? `Live: ${option?.text ?? id}` : "";
  }
}

if (!customElements.get("runbook-env-picker")) customElements.define("runbook-env-picker", RunbookEnvPicker);
