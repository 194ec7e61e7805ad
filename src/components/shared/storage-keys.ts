/**
 * @module
 * Every localStorage key the widgets use, in one place: what this browser remembers, and the prefix
 * other tabs' `storage` events are matched on. Values stay in the modules that own them.
 */

/** Everything the runbook stores starts with this. */
export const STORAGE_PREFIX = "dashtray-runbook:";

export const storageKeys = {
  /** The environment picked in the header. */
  environment: `${STORAGE_PREFIX}environment`,
  /** The latest result per environment and check (Check and Verify all). */
  checkResults: `${STORAGE_PREFIX}check-results`,
  /** The latest Verify all verdict per environment. */
  smokeRuns: `${STORAGE_PREFIX}smoke-runs`,
  /** Who deploys, remembered by the deployment record. */
  deployer: `${STORAGE_PREFIX}deployer`,
  /** The current deployment of an environment (checklists and record). */
  deployment: (environment: string) => `${STORAGE_PREFIX}deployment:${environment}`,
  /** Prefix of checklist ticks: `checklist:<id>:<deployment key>`. */
  checklistPrefix: `${STORAGE_PREFIX}checklist:`,
  /** A deployment record's draft, per deployment key. */
  recordDraft: (deploymentKey: string) => `${STORAGE_PREFIX}record:${deploymentKey}`,
  /** The monitor's latest watch and series of an environment (kept here where no D1 is bound). */
  monitor: (environment: string) => `${STORAGE_PREFIX}monitor:${environment}`,
} as const;
