/**
 * @module
 * What a person typed into the record, kept per deployment in this browser (a reload or another tab
 * finds it again), and the values a new record starts with.
 */
import type { Deployment } from "../shared/deployment.ts";
import { readItem, writeItem } from "../shared/deployment-storage.ts";
import { storageKeys } from "../shared/storage-keys.ts";
import { type FormField, field, formFields, type RecordEnvironment } from "./record-form.ts";

type Draft = Partial<Record<FormField, string>>;

const DEPLOYER_KEY = storageKeys.deployer;

/** `2026-11-26T14:05` for a datetime-local input, in the reader's time zone. */
function localInputValue(iso: string): string {
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Fills the form with the deployment's draft, else the defaults (now, the last deployer, the config's Convex deployment). */
export function showDraft(
  host: HTMLElement,
  key: string,
  deployment: Deployment,
  environment: RecordEnvironment | undefined,
): void {
  let draft: Draft = {};
  try {
    draft = JSON.parse(readItem(storageKeys.recordDraft(key)) ?? "{}") as Draft;
  } catch {
    draft = {};
  }
  const defaults: Draft = {
    time: localInputValue(deployment.explicit ? deployment.startedAt : new Date().toISOString()),
    deployedBy: readItem(DEPLOYER_KEY) ?? "",
    rolledBack: "no",
    convexDeployment: environment?.convexDeployment ?? "",
  };
  for (const name of formFields) {
    const input = field(host, name);
    if (input) input.value = draft[name] ?? defaults[name] ?? "";
  }
}

/** Keeps what is in the form as the deployment's draft. */
export function saveDraft(host: HTMLElement, key: string): void {
  const draft: Draft = {};
  for (const name of formFields) {
    const input = field(host, name);
    if (input?.value) draft[name] = input.value;
  }
  writeItem(storageKeys.recordDraft(key), JSON.stringify(draft));
}

/** Remembers who deploys, for the next record. */
export function rememberDeployer(name: string): void {
  writeItem(DEPLOYER_KEY, name);
}
