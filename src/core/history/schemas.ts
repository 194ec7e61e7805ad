/**
 * @module
 * The shared history's API contract (deployments, their ticks, notes and check results, the audit
 * log) as zod schemas. The Function answers in these shapes; the widgets hold answers to small
 * guards that a test keeps in step with them.
 */
import * as z from "zod/mini";

export const deploymentStatus = z.enum(["in_progress", "succeeded", "rolled_back", "abandoned"]);
export type DeploymentStatus = z.infer<typeof deploymentStatus>;
export const finalStatus = z.enum(["succeeded", "rolled_back", "abandoned"]);

/**
 * One deployment as listed: who started it, what it shipped, how it ended, and its first notes' text
 * (`notesCount` says how many it has; the deployment's own export has them all).
 */
export const deploymentSummary = z.object({
  id: z.int(),
  environment: z.string(),
  targetCommit: z.string(),
  version: z.nullable(z.string()),
  convexVersion: z.nullable(z.string()),
  startedBy: z.string(),
  startedAt: z.string(),
  status: deploymentStatus,
  finishedBy: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
  /** The first notes, each with who wrote it and when: "text (ana@…, 2026-12-06 09:12 UTC)", "(runbook for ana@…, …)" for the runbook's own. */
  notes: z.array(z.string()),
  notesCount: z.optional(z.int()),
});
export type DeploymentSummary = z.infer<typeof deploymentSummary>;

/** A checklist item's state on a deployment: the latest tick or untick, by whom, when. */
export const sharedTick = z.object({
  checklist: z.string(),
  item: z.string(),
  label: z.string(),
  ticked: z.boolean(),
  by: z.string(),
  at: z.string(),
  checkId: z.nullable(z.string()),
});
export type SharedTick = z.infer<typeof sharedTick>;

/** A note on a deployment; `kind` says who wrote it: a reader, or the runbook itself (an action's outcome). */
export const sharedNote = z.object({
  id: z.int(),
  text: z.string(),
  by: z.string(),
  at: z.string(),
  kind: z.optional(z.enum(["reader", "runbook"])),
});
export type SharedNote = z.infer<typeof sharedNote>;

export const attachedCheck = z.object({
  checkId: z.string(),
  source: z.enum(["check", "verify-all"]),
  status: z.enum(["pass", "warn", "fail", "error"]),
  summary: z.string(),
  checkedAt: z.string(),
  by: z.string(),
  at: z.string(),
});
export type AttachedCheck = z.infer<typeof attachedCheck>;

/** `GET /api/deployments/{id}`. */
export const deploymentDetail = z.object({
  deployment: deploymentSummary,
  ticks: z.array(sharedTick),
  notes: z.array(sharedNote),
  checks: z.array(attachedCheck),
});
export type DeploymentDetail = z.infer<typeof deploymentDetail>;

/** `GET /api/deployments?env=`: newest first; `current` is the one in progress, if any. */
export const deploymentList = z.object({
  environment: z.string(),
  current: z.nullable(z.int()),
  deployments: z.array(deploymentSummary),
  next: z.nullable(z.int()),
});
export type DeploymentList = z.infer<typeof deploymentList>;

export const auditKind = z.enum([
  "check",
  "verify-all",
  "webhook-probe",
  "config-check",
  "version",
  "rollback",
  "dns",
  "build",
  "rollback-action",
  "monitor",
  "notification-test",
  "planned-deployment",
  // Writes to the deployment log, by a person on the page or a CI job's service token (`verify --record`).
  "deployment-start",
  "deployment-tick",
  "deployment-note",
  "deployment-check",
  "deployment-finish",
  // Requests refused by a rate limit: one row per person and minute, `count` of them (target: which limit).
  "rate-limited",
]);
export type AuditKind = z.infer<typeof auditKind>;

/**
 * Reads a page makes by itself when it opens (the version and rollback panels, DNS, the build, the
 * configuration check). The audit log leaves them out unless asked: one page view wrote a dozen of them,
 * and the runs, presses and writes drowned.
 */
export const READ_KINDS: readonly AuditKind[] = ["version", "rollback", "dns", "build", "config-check"];

/** One audited run. `outcome` is the verdict where the run has one (pass...), else ok / refused / failed. */
export const auditEntry = z.object({
  id: z.int(),
  at: z.string(),
  actor: z.string(),
  environment: z.nullable(z.string()),
  kind: auditKind,
  target: z.nullable(z.string()),
  outcome: z.string(),
  httpStatus: z.int(),
  durationMs: z.int(),
  /** Actions only: from, to, reason and result in one line. */
  detail: z.optional(z.string()),
  /** Rate-limited rows only: how many requests the limit refused from this person in this minute. */
  count: z.optional(z.int()),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** `GET /api/audit`: newest first; `next` is the `before` of the next page. */
export const auditList = z.object({ entries: z.array(auditEntry), next: z.nullable(z.int()) });
export type AuditList = z.infer<typeof auditList>;
