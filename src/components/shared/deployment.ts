/**
 * @module
 * Deployments and the checklist ticks kept per deployment, as plain data (no DOM, no storage): which
 * deployment the reader is on, the keys its state is stored under, and a checklist's progress. Shared
 * by the checklists and the deployment record; the browser side is `deployment-storage.ts`.
 */
import { storageKeys } from "./storage-keys.ts";

/** One deployment of one environment: checklists and the deployment record are kept per deployment. */
export interface Deployment {
  environment: string;
  /** `2026-11-26` for the day's default deployment; `2026-11-26 14:05` for one started with "New deployment". */
  name: string;
  /** ISO time it started: local midnight for the day's default, the moment "New deployment" was pressed otherwise. */
  startedAt: string;
  /** Started with "New deployment" (kept until the next one), rather than the day's default. */
  explicit: boolean;
}

/** A ticked item: when, and the check whose pass ticked it (absent when a person ticked it). */
export interface Tick {
  at: string;
  check?: string;
}

export interface ChecklistItem {
  key: string;
  label: string;
  /** The check linked to this item (a Check widget inside it); its pass ticks the item. */
  check?: string;
}

/** What is stored per checklist and deployment. */
export interface ChecklistState {
  id: string;
  title: string;
  deployment: string;
  items: ChecklistItem[];
  ticked: Record<string, Tick>;
  updatedAt: string;
}

export const CHECKLIST_PREFIX = storageKeys.checklistPrefix;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `2026-11-26` in the reader's time zone. */
export function localDate(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** `2026-11-26 14:05` in the reader's time zone. */
export function localMinute(at: Date): string {
  return `${localDate(at)} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The deployment a reader is on until they start one: the environment and today's date. */
export function defaultDeployment(environment: string, now: Date): Deployment {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return { environment, name: localDate(now), startedAt: midnight.toISOString(), explicit: false };
}

/** A deployment started now; never the same name as `current`, so its checklists start empty. */
export function newDeployment(environment: string, now: Date, current?: Deployment): Deployment {
  // Finer only when needed: a second deployment within the minute gets seconds, within the second milliseconds.
  let name = localMinute(now);
  if (current?.name.startsWith(name)) name = `${name}:${pad(now.getSeconds())}`;
  if (current?.name.startsWith(name)) name = `${name}.${String(now.getMilliseconds()).padStart(3, "0")}`;
  return { environment, name, startedAt: now.toISOString(), explicit: true };
}

/** The reader's current deployment: the stored one they started, else the day's default. */
export function currentDeploymentFrom(stored: unknown, environment: string, now: Date): Deployment {
  if (
    stored !== null &&
    typeof stored === "object" &&
    "name" in stored &&
    "startedAt" in stored &&
    typeof stored.name === "string" &&
    stored.name !== "" &&
    typeof stored.startedAt === "string" &&
    Number.isFinite(Date.parse(stored.startedAt))
  )
    return { environment, name: stored.name, startedAt: stored.startedAt, explicit: true };
  return defaultDeployment(environment, now);
}

/** `production/2026-11-26`: what checklists and records are keyed by. */
export function deploymentKey(deployment: Pick<Deployment, "environment" | "name">): string {
  return `${deployment.environment}/${deployment.name}`;
}

/** Where the deployment a reader started in an environment is kept. */
export function deploymentStorageKey(environment: string): string {
  return storageKeys.deployment(environment);
}

/** Where one checklist's ticks for one deployment are kept. */
export function checklistStorageKey(checklistId: string, key: string): string {
  return `${CHECKLIST_PREFIX}${checklistId}:${key}`;
}

/** A checklist state as stored, or undefined when it is missing or not one of ours. */
export function parseChecklistState(raw: string | null): ChecklistState | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Partial<ChecklistState>;
  if (
    typeof v.id !== "string" ||
    typeof v.deployment !== "string" ||
    !Array.isArray(v.items) ||
    typeof v.ticked !== "object" ||
    !v.ticked
  )
    return undefined;
  const items = v.items.filter((i): i is ChecklistItem => typeof i?.key === "string" && typeof i.label === "string");
  const ticked: Record<string, Tick> = {};
  for (const [key, tick] of Object.entries(v.ticked))
    if (typeof tick?.at === "string")
      ticked[key] = { at: tick.at, ...(typeof tick.check === "string" && { check: tick.check }) };
  return {
    id: v.id,
    title: typeof v.title === "string" ? v.title : v.id,
    deployment: v.deployment,
    items,
    ticked,
    updatedAt: typeof v.updatedAt === "string" ? v.updatedAt : "",
  };
}

/** How many of the current items are ticked. Ticks of items no longer on the page do not count. */
export function progress(state: Pick<ChecklistState, "items" | "ticked">): {
  done: number;
  total: number;
  text: string;
} {
  const total = state.items.length;
  const done = state.items.filter((i) => state.ticked[i.key]).length;
  return { done, total, text: `${done} of ${total} done` };
}
