/**
 * @module
 * The note a widget shows when the picked environment still has the shipped placeholder settings, so
 * "Could not run" there reads as configuration, not as an outage. Kept apart from `environment.ts`,
 * which every page loads through the picker.
 */
import { h } from "./dom.ts";
import { environmentFacts, placeholderNote } from "./environment.ts";

/** The placeholder warning for environment `id` as a paragraph, when there is one. */
export function placeholderNotes(id: string | undefined): HTMLElement[] {
  const text = id ? placeholderNote(environmentFacts(id)) : undefined;
  return text ? [h("p", { class: "rw-placeholder", "data-placeholder-note": "" }, `! ${text}`)] : [];
}
