/**
 * @module
 * The environment the reader picked, remembered across pages (localStorage) and shared by every
 * widget on the page through one window event.
 */

const STORAGE_KEY = "dashtray-runbook:environment";
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
