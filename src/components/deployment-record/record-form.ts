/**
 * @module
 * The record form's fields and the record they make with what this browser saw: the check results,
 * the Verify all run, the monitor's watch and the checklists of the current deployment.
 */

import { seenCheckResults, seenSmokeRuns } from "../shared/check-results.ts";
import { deploymentKey } from "../shared/deployment.ts";
import { currentDeployment, readItem } from "../shared/deployment-storage.ts";
import { storageKeys } from "../shared/storage-keys.ts";
import {
  checklistForRecord,
  checksForDeployment,
  type DeploymentRecord,
  emptyVersion,
  monitorForDeployment,
  type RecordVersion,
  smokeRunForDeployment,
  versionFields,
} from "./deployment-record.ts";
import { checklistsFor } from "./record-checklists.ts";

/** The environments as the build knows them; the live fill replaces the repository with the Function's. */
export type RecordEnvironment = { id: string; repositoryUrl?: string; convexDeployment?: string };

/** Every field a person can type in, besides the version fields. */
export const formFields = ["time", "deployedBy", "rollbackOwner", "rolledBack", "notes", ...versionFields] as const;
export type FormField = (typeof formFields)[number];

export function field(host: HTMLElement, name: string): HTMLInputElement | HTMLTextAreaElement | null {
  return host.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-field="${name}"]`);
}

/** Everything the form and this browser know about `env`'s current deployment, as one record. */
export function recordOf(host: HTMLElement, env: string, environments: readonly RecordEnvironment[]): DeploymentRecord {
  const deployment = currentDeployment(env);
  const value = (name: string) => field(host, name)?.value ?? "";
  const version: RecordVersion = emptyVersion();
  for (const name of versionFields) version[name] = value(name);
  const time = value("time") ? new Date(value("time")) : new Date();
  const smokeRun = smokeRunForDeployment(seenSmokeRuns(), env, deployment.startedAt);
  const repositoryUrl = environments.find((e) => e.id === env)?.repositoryUrl;
  const monitor = monitorForDeployment(readItem(storageKeys.monitor(env)), env, deployment.startedAt);
  return {
    environment: env,
    deployment: { name: deployment.name, key: deploymentKey(deployment), startedAt: deployment.startedAt },
    time: Number.isFinite(time.getTime()) ? time.toISOString() : new Date().toISOString(),
    deployedBy: value("deployedBy"),
    rollbackOwner: value("rollbackOwner"),
    version,
    ...(repositoryUrl && { repositoryUrl }),
    checks: checksForDeployment(seenCheckResults(), env, deployment.startedAt),
    ...(smokeRun && { smokeRun }),
    ...(monitor && { monitor }),
    checklists: checklistsFor(deployment).map(checklistForRecord),
    rolledBack: value("rolledBack"),
    notes: value("notes"),
    exportedAt: new Date().toISOString(),
  };
}
