/**
 * @module
 * The environment the reader picked, remembered across pages (localStorage) and shared by every
 * widget on the page through one window event.
 */

import { storageKeys } from "./storage-keys.ts";

const STORAGE_KEY = storageKeys.environment;
const EVENT = "runbook:environment";

/** The picked environment, or undefined before the picker has chosen one. */
export function currentEnvironment(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function chooseEnvironment(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
  window.dispatchEvent(new CustomEvent(EVENT, { detail: id }));
}

/** Calls `listener` when the environment changes here or in another tab. */
export function onEnvironmentChange(listener: (id: string) => void): void {
  window.addEventListener(EVENT, (e) => listener((e as CustomEvent<string>).detail));
  window.addEventListener("storage", (e) => {
    if (e.key === STORAGE_KEY && e.newValue) listener(e.newValue);
  });
}

/** What the page knows about an environment without asking the API (from the picker's options, set at build). */
export interface EnvironmentFacts {
  id: string;
  label: string;
  demo: boolean;
  productionLike: boolean;
  /** Settings that still hold the shipped placeholders (`targets.app`…): checks there cannot reach anything real. */
  placeholders: string[];
}

/** The facts for `id`, from the header's picker; a bare id when the page has no picker. */
export function environmentFacts(id: string): EnvironmentFacts {
  const option = document.querySelector<HTMLOptionElement>(`runbook-env-picker option[value="${CSS.escape(id)}"]`);
  const data = option?.dataset ?? {};
  return {
    id,
    label: option?.textContent?.trim() || id,
    demo: data.demo === "true",
    productionLike: data.productionLike === "true",
    placeholders: data.placeholders ? data.placeholders.split(" ") : [],
  };
}

/** The sentence a widget adds when an environment's settings are placeholders, or undefined. */
export function placeholderNote(facts: EnvironmentFacts): string | undefined {
  if (facts.placeholders.length === 0) return undefined;
  return `${facts.label} still has the shipped placeholder settings (${facts.placeholders.join(", ")}): fill them in runbook.config.json, or pick Demo to try the runbook.`;
}
