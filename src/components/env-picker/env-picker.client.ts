import { callApi } from "../shared/api.ts";
import {
  chooseEnvironment,
  currentEnvironment,
  environmentFacts,
  onEnvironmentChange,
  placeholderNote,
} from "../shared/environment.ts";
import { environmentList, whoami } from "../shared/shape-kit.ts";
import { identityText } from "./whoami.ts";

/** `<runbook-env-picker>`: offers the environments the API serves and remembers the choice. */
class RunbookEnvPicker extends HTMLElement {
  async connectedCallback(): Promise<void> {
    const select = this.querySelector<HTMLSelectElement>("[data-select]");
    const note = this.querySelector<HTMLElement>("[data-note]");
    if (!select || !note) return;
    this.hidden = false;
    // The header's own select (phones) follows this one: same choices, same choice.
    const header = document.querySelector<HTMLSelectElement>("[data-env-header-select]");
    const selects = [select, ...(header && !this.closest("[data-env-header]") ? [header] : [])];
    const stored = currentEnvironment();
    if (stored && [...select.options].some((o) => o.value === stored)) for (const s of selects) s.value = stored;
    this.mark(select.value);
    for (const s of selects) s.addEventListener("change", () => chooseEnvironment(s.value));
    onEnvironmentChange((id) => {
      for (const s of selects) s.value = id;
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
    for (const s of selects) for (const option of [...s.options]) if (!served.has(option.value)) option.remove();
    // The reader may have switched while the list was on its way: their choice now wins, not the one
    // stored when the page opened (else the select would jump back under a page that reads another).
    const now = currentEnvironment();
    const pick = now && served.has(now) ? now : (outcome.data.default ?? select.options[0]?.value);
    if (pick && pick !== now) chooseEnvironment(pick);
    else if (pick) for (const s of selects) s.value = pick;
  }

  /** "Signed in as …" or "Access off (local)"; nothing when the API cannot say (the note above does). */
  async showIdentity(): Promise<void> {
    const identity = this.querySelector<HTMLElement>("[data-identity]");
    const outcome = await callApi("/api/whoami", whoami);
    if (!identity || !outcome.ok) return;
    identity.textContent = identityText(outcome.data);
    identity.hidden = false;
  }

  /**
   * Marks the page for the picked environment: the header badge (visible on every screen size),
   * `data-runbook-environment` and `data-runbook-production` on the root element (production turns the
   * header red), and the note beside the picker (demo, live production, or placeholder settings).
   */
  mark(id: string): void {
    this.dataset.environment = id;
    const facts = environmentFacts(id);
    const root = document.documentElement.dataset;
    root.runbookEnvironment = id;
    if (facts.productionLike) root.runbookProduction = "";
    else delete root.runbookProduction;
    const placeholders = placeholderNote(facts);
    const note = facts.demo ? "Demo: a local stand-in, safe to break" : facts.productionLike ? "Live production" : "";
    const text = placeholders ? `${note ? `${note}. ` : ""}Placeholder settings: nothing real to check` : note;
    for (const el of document.querySelectorAll<HTMLElement>("runbook-env-picker [data-note]")) {
      el.textContent = text;
      el.title = placeholders ?? "";
    }
    // The config's links per environment (there for readers without JavaScript): only the picked
    // environment's stay, so a reader of the demo is not sent to another environment's real dashboards.
    for (const list of document.querySelectorAll<HTMLElement>(".rw-config-links")) {
      const items = [...list.querySelectorAll<HTMLElement>("li")].filter((li) => !li.parentElement?.closest("li"));
      for (const li of items) if (li.dataset.environment) li.hidden = li.dataset.environment !== id;
      list.hidden = items.every((li) => li.hidden);
    }
    for (const header of document.querySelectorAll<HTMLElement>("[data-env-header]")) {
      header.hidden = false;
      header.dataset.kind = facts.productionLike ? "production" : facts.demo ? "demo" : "other";
    }
    for (const badge of document.querySelectorAll<HTMLElement>("[data-env-badge]")) {
      badge.hidden = false;
      badge.dataset.environment = id;
      badge.dataset.kind = facts.productionLike ? "production" : facts.demo ? "demo" : "other";
      const label = facts.demo ? "Demo" : facts.label;
      badge.textContent = facts.productionLike ? label.toUpperCase() : label;
      badge.title = placeholders ?? `Widgets on this page check ${facts.label}`;
    }
  }
}

if (!customElements.get("runbook-env-picker")) customElements.define("runbook-env-picker", RunbookEnvPicker);
