/**
 * @module
 * The deployment record as plain data (no DOM): filled from the version and rollback answers, the
 * check results and checklists this browser has seen, and what the reader typed. The server reads the
 * live values (`src/core/record/live.ts`) and writes the record out as Markdown (`src/core/record/markdown.ts`); `record-export.ts` as JSON.
 */
import type { MonitorSample, MonitorWatch } from "../../core/monitor.ts";
import { type RecordVersion, type VersionField, versionFields } from "../../core/record/fields.ts";
import type { CheckResultDetail, SmokeRunSeen } from "../shared/check-results.ts";
import { type ChecklistState, progress } from "../shared/deployment.ts";

export { type RecordVersion, type VersionField, versionFields };

export interface RecordChecklist {
  id: string;
  title: string;
  done: number;
  total: number;
  items: { label: string; done: boolean; check?: string }[];
}

export interface DeploymentRecord {
  environment: string;
  deployment: { name: string; key: string; startedAt: string };
  /** When it was deployed (ISO). */
  time: string;
  deployedBy: string;
  rollbackOwner: string;
  version: RecordVersion;
  /** `https://github.com/<owner>/<repo>`, to link commits. */
  repositoryUrl?: string;
  /** Check results seen in this browser for this deployment, newest first. */
  checks: CheckResultDetail[];
  smokeRun?: SmokeRunSeen;
  checklists: RecordChecklist[];
  /** The step-6 monitor's watch of this environment since the deployment started, as this browser last saw it. */
  monitor?: { watch: MonitorWatch; samples: MonitorSample[]; verdict?: { state: "pass" | "fail"; text: string } };
  rolledBack: string;
  notes: string;
  exportedAt: string;
}

export function emptyVersion(): RecordVersion {
  return Object.fromEntries(versionFields.map((f) => [f, ""])) as RecordVersion;
}

/** Results for this deployment: its environment, checked at or after it started, newest first. */
export function checksForDeployment(
  results: readonly CheckResultDetail[],
  environment: string,
  startedAt: string,
): CheckResultDetail[] {
  const since = Date.parse(startedAt);
  return results
    .filter((r) => r.environment === environment && Date.parse(r.checkedAt) >= since)
    .sort((a, b) => Date.parse(b.checkedAt) - Date.parse(a.checkedAt));
}

/** The latest smoke run of this deployment, if one was seen. */
export function smokeRunForDeployment(
  runs: readonly SmokeRunSeen[],
  environment: string,
  startedAt: string,
): SmokeRunSeen | undefined {
  const since = Date.parse(startedAt);
  return runs.find((r) => r.environment === environment && Date.parse(r.checkedAt) >= since);
}

/** A stored checklist as the record lists it. */
export function checklistForRecord(state: ChecklistState): RecordChecklist {
  const p = progress(state);
  return {
    id: state.id,
    title: state.title,
    done: p.done,
    total: p.total,
    items: state.items.map((item) => {
      const tick = state.ticked[item.key];
      return { label: item.label, done: tick !== undefined, ...(tick?.check && { check: tick.check }) };
    }),
  };
}

/** The monitor series this browser kept for `env` (raw localStorage text), when its watch began after `startedAt`. */
export function monitorForDeployment(
  raw: string | null,
  env: string,
  startedAt: string,
): DeploymentRecord["monitor"] | undefined {
  try {
    const kept = JSON.parse(raw ?? "null") as DeploymentRecord["monitor"] | null;
    if (!kept?.watch || !Array.isArray(kept.samples) || kept.watch.environment !== env) return undefined;
    return Date.parse(kept.watch.startedAt) >= Date.parse(startedAt) ? kept : undefined;
  } catch {
    return undefined;
  }
}
