/**
 * @module
 * Deployments and checklist ticks in this browser's localStorage, shared by the checklists and the
 * deployment record. Every read and write survives a refused storage (private windows): the page then
 * keeps state for as long as it is open.
 */
import {
  type ChecklistState,
  checklistStorageKey,
  currentDeploymentFrom,
  type Deployment,
  deploymentKey,
  deploymentStorageKey,
  newDeployment,
  parseChecklistState,
} from "./deployment.ts";
import { STORAGE_PREFIX } from "./storage-keys.ts";

const DEPLOYMENT_EVENT = "runbook:deployment";

export function readItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string | undefined): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage refused: the state lasts for this page only.
  }
}

/** The deployment the reader is on in `environment`. */
export function currentDeployment(environment: string, now = new Date()): Deployment {
  let stored: unknown;
  try {
    stored = JSON.parse(readItem(deploymentStorageKey(environment)) ?? "null");
  } catch {
    stored = null;
  }
  return currentDeploymentFrom(stored, environment, now);
}

/** Starts a new deployment in `environment`: its checklists and record start empty. */
export function startDeployment(environment: string, now = new Date()): Deployment {
  const next = newDeployment(environment, now, currentDeployment(environment, now));
  writeItem(deploymentStorageKey(environment), JSON.stringify({ name: next.name, startedAt: next.startedAt }));
  window.dispatchEvent(new CustomEvent(DEPLOYMENT_EVENT, { detail: environment }));
  return next;
}

/** Calls `listener` when a deployment starts, here or in another tab. */
export function onDeploymentChange(listener: () => void): void {
  window.addEventListener(DEPLOYMENT_EVENT, () => listener());
  window.addEventListener("storage", (e) => {
    if (e.key?.startsWith(`${STORAGE_PREFIX}deployment:`)) listener();
  });
}

export function readChecklist(id: string, deployment: Deployment): ChecklistState | undefined {
  return parseChecklistState(readItem(checklistStorageKey(id, deploymentKey(deployment))));
}

/** Stores the state, or forgets it when nothing is ticked. */
export function writeChecklist(state: ChecklistState): void {
  const empty = Object.keys(state.ticked).length === 0;
  writeItem(checklistStorageKey(state.id, state.deployment), empty ? undefined : JSON.stringify(state));
}
