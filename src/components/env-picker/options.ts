/**
 * @module
 * The environments the header offers, from runbook.config.json at build: id, label, and what the page says
 * about each before anything is fetched (demo, production-like, settings still the shipped placeholders).
 */
import { buildConfig } from "../shared/build-config.ts";
import { isProductionLike, placeholderSettings } from "../shared/environment-kind.ts";

export interface PickerOption {
  id: string;
  label: string;
  demo: "true" | undefined;
  productionLike: "true" | undefined;
  placeholders: string | undefined;
}

export function pickerOptions(): PickerOption[] {
  return buildConfig.environments.map((e) => ({
    id: e.id,
    label: e.demo ? `${e.label} (local)` : e.label,
    demo: e.demo ? "true" : undefined,
    productionLike: isProductionLike(e) ? "true" : undefined,
    placeholders: placeholderSettings(e).join(" ") || undefined,
  }));
}
