/**
 * @module
 * Words and times the history widgets show, as plain functions (no DOM).
 */
import type { DeploymentSummary } from "../../core/history/schemas.ts";

export { verdictText } from "../shared/verdict.ts";

export const STATUS_WORDS: Record<DeploymentSummary["status"], string> = {
  in_progress: "In progress",
  succeeded: "Succeeded",
  rolled_back: "Rolled back",
  abandoned: "Abandoned",
};

/** `2026-11-26 14:05` in the reader's time zone. */
export function when(iso: string): string {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * A time as a reader says it: "just now", "4 min ago", "3 h ago" within the day, then the local date
 * and time; the ISO time goes on hover (the caller's `title`).
 */
export function spoken(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const minutes = Math.round((now - at) / 60_000);
  const local = when(iso);
  if (minutes < 1 && minutes > -1) return `just now · ${local.slice(11)}`;
  if (minutes > 0 && minutes < 60) return `${minutes} min ago · ${local.slice(11)}`;
  if (minutes >= 60 && minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago · ${local.slice(11)}`;
  return local;
}

/** What a deployment shipped: the version with a short commit, or the commit alone. */
export function shipped(d: Pick<DeploymentSummary, "version" | "targetCommit">): string {
  const commit = d.targetCommit.slice(0, 12);
  return d.version ? `${d.version} (${commit})` : commit;
}

/** The API address of an export of `env`'s history. */
export function historyExport(env: string, format: "md" | "csv" | "json"): string {
  return `/api/deployments?env=${encodeURIComponent(env)}&limit=1000&format=${format}`;
}
