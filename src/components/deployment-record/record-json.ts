/**
 * @module
 * The deployment record for tools, as JSON, and the file name of an export.
 */
import type { DeploymentRecord } from "./deployment-record.ts";

export const RECORD_FORMAT = "dashtray-runbook/deployment-record@1";

/** `deployment-production-2026-11-26-1405.md`: safe on every file system. */
export function recordFileName(
  record: Pick<DeploymentRecord, "environment" | "deployment">,
  extension: "md" | "json",
): string {
  const slug = `${record.environment}-${record.deployment.name}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `deployment-${slug}.${extension}`;
}

/** The record for tools: every field, times as ISO strings. */
export function recordJson(record: DeploymentRecord): string {
  return `${JSON.stringify({ format: RECORD_FORMAT, ...record }, null, 2)}\n`;
}
