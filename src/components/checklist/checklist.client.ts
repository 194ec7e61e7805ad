import { onCheckResult } from "../shared/check-result-event.ts";
import {
  type ChecklistState,
  checklistStorageKey,
  type Deployment,
  deploymentKey,
  progress,
} from "../shared/deployment.ts";
import {
  currentDeployment,
  onDeploymentChange,
  readChecklist,
  startDeployment,
  writeChecklist,
} from "../shared/deployment-storage.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { clockTime } from "../shared/time.ts";
import { applyCheckResult, emptyChecklist, itemLabel, setTick, withUniqueKeys } from "./checklist.ts";

/** Elements whose text is not part of an item's label: nested lists and widgets. */
const NOT_LABEL = new Set(["UL", "OL", "DIV", "PRE", "TABLE", "RUNBOOK-CHECK"]);

function labelText(input: HTMLInputElement): string {
  let text = "";
  for (let node = input.nextSibling; node; node = node.nextSibling) {
    if (node instanceof HTMLElement && (NOT_LABEL.has(node.tagName) || node.dataset.tickedBy !== undefined)) continue;
    text += node.textContent ?? "";
  }
  return itemLabel(text);
}

/**
 * Wraps the item's own text (not nested lists or widgets) in a `<label>` for its box, so pressing the
 * words ticks it, as a reader expects, and the box is named by what it says.
 */
function labelItem(input: HTMLInputElement, id: string): void {
  input.id = id;
  const label = h("label", { for: id, class: "rw-item-label" });
  const parts: Node[] = [];
  for (let node = input.nextSibling; node; node = node.nextSibling) {
    if (node instanceof HTMLElement && NOT_LABEL.has(node.tagName)) break;
    parts.push(node);
  }
  if (parts.length === 0) return;
  input.after(label);
  label.append(...parts);
}

/** `<runbook-checklist data-checklist="id">`: a Markdown task list that keeps its ticks per deployment. */
class RunbookChecklist extends HTMLElement {
  #inputs: HTMLInputElement[] = [];
  #state: ChecklistState | undefined;
  #deployment: Deployment | undefined;

  connectedCallback(): void {
    const found = [...this.querySelectorAll<HTMLLIElement>("li.task-list-item")]
      .map((li) => ({
        li,
        input: li.querySelector<HTMLInputElement>(
          ':scope > input[type="checkbox"], :scope > p > input[type="checkbox"]',
        ),
      }))
      .filter((f): f is { li: HTMLLIElement; input: HTMLInputElement } => f.input !== null);
    const bar = this.querySelector<HTMLElement>("[data-bar]");
    if (found.length === 0 || !bar) return;
    const items = withUniqueKeys(
      found.map(({ li, input }) => {
        const check = li.querySelector<HTMLElement>("runbook-check[data-check]")?.dataset.check;
        return { label: labelText(input), ...(check && { check }) };
      }),
    );
    this.#inputs = found.map(({ li, input }, i) => {
      const item = items[i];
      if (item) {
        li.dataset.item = item.key;
        if (item.check) li.dataset.linkedCheck = item.check;
        labelItem(input, `rw-${this.dataset.checklist ?? "checklist"}-${item.key}`);
      }
      input.disabled = false;
      input.addEventListener("change", () => this.toggle(i, input.checked));
      return input;
    });
    this.dataset.items = String(items.length);
    bar.hidden = false;
    this.load(items);
    bar.querySelector("[data-new-deployment]")?.addEventListener("click", () => {
      startDeployment(this.environment());
    });
    bar.querySelector("[data-reset]")?.addEventListener("click", () => {
      if (!this.#state) return;
      this.save({ ...this.#state, ticked: {} });
    });
    onEnvironmentChange(() => this.load(items));
    onDeploymentChange(() => this.load(items));
    window.addEventListener("storage", (e) => {
      if (this.#state && e.key === checklistStorageKey(this.#state.id, this.#state.deployment)) this.load(items);
    });
    onCheckResult((detail) => {
      if (this.#state) this.save(applyCheckResult(this.#state, detail, this.environment(), new Date()));
    });
    // Ticks shared with the team through D1 (shared-ticks.ts), loaded lazily to keep the page light.
    void import("./shared-ticks.ts").then((m) => m.syncChecklist(this, () => this.environment()));
  }

  environment(): string {
    return currentEnvironment() ?? "demo";
  }

  /** Reads the ticks of the current deployment and shows them. */
  load(items: ChecklistState["items"]): void {
    const deployment = currentDeployment(this.environment());
    const id = this.dataset.checklist ?? "checklist";
    const stored = readChecklist(id, deployment);
    this.#deployment = deployment;
    this.#state = {
      ...(stored ?? emptyChecklist(id, this.dataset.title ?? id, deploymentKey(deployment), items)),
      items,
    };
    this.render();
  }

  toggle(index: number, on: boolean): void {
    const item = this.#state?.items[index];
    if (!this.#state || !item) return;
    this.save(setTick(this.#state, item.key, on ? { at: new Date().toISOString() } : undefined, new Date()));
  }

  save(state: ChecklistState): void {
    if (state === this.#state) return;
    this.#state = state;
    writeChecklist(state);
    this.render();
  }

  render(): void {
    const state = this.#state;
    if (!state) return;
    state.items.forEach((item, i) => {
      const input = this.#inputs[i];
      if (!input) return;
      const tick = state.ticked[item.key];
      input.checked = tick !== undefined;
      input.closest("li")?.toggleAttribute("data-done", tick !== undefined);
      const holder = input.parentElement;
      holder?.querySelector(":scope > [data-ticked-by]")?.remove();
      if (tick?.check) {
        // The check's title as its widget shows it, and the same time format as the widget's "checked" line.
        const title = input
          .closest("li")
          ?.querySelector(`runbook-check[data-check="${CSS.escape(tick.check)}"] .rw-title`)?.textContent;
        holder?.append(
          h(
            "span",
            { class: "rw-ticked-by", "data-ticked-by": tick.check },
            ` (ticked when “${title?.trim() || tick.check}” passed at ${clockTime(tick.at)})`,
          ),
        );
      }
    });
    const p = progress(state);
    this.dataset.done = String(p.done);
    this.querySelector("[data-progress]")?.replaceChildren(p.text);
    const deployment = this.#deployment;
    if (deployment) {
      const label = this.querySelector<HTMLElement>("[data-deployment]");
      if (label) {
        label.textContent = `${deployment.environment} · ${deployment.name}`;
        label.title = `Ticks are kept in this browser for ${deploymentKey(deployment)}. "New deployment" starts empty lists; this one stays stored.`;
      }
    }
  }
}

if (!customElements.get("runbook-checklist")) customElements.define("runbook-checklist", RunbookChecklist);
