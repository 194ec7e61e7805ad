/**
 * @module
 * Every checklist of a deployment, as this browser stored them: what the record lists. Here rather than
 * in `shared/deployment-storage.ts`, so the checklists' pages do not ship it.
 */
import {
  CHECKLIST_PREFIX,
  type ChecklistState,
  type Deployment,
  deploymentKey,
  parseChecklistState,
} from "../shared/deployment.ts";

/** The checklist id of a storage key that belongs to deployment `key`, else undefined. */
export function checklistIdOf(storageKey: string, key: string): string | undefined {
  if (!storageKey.startsWith(CHECKLIST_PREFIX)) return undefined;
  const rest = storageKey.slice(CHECKLIST_PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon <= 0 || rest.slice(colon + 1) !== key) return undefined;
  return rest.slice(0, colon);
}

/** Every checklist with ticks for this deployment, in storage order. */
export function checklistsFor(deployment: Deployment): ChecklistState[] {
  const key = deploymentKey(deployment);
  const states: ChecklistState[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const storageKey = localStorage.key(i);
      if (!storageKey || !checklistIdOf(storageKey, key)) continue;
      const state = parseChecklistState(localStorage.getItem(storageKey));
      if (state) states.push(state);
    }
  } catch {
    return states;
  }
  return states.sort((a, b) => a.title.localeCompare(b.title));
}
