/**
 * @module
 * Check results as the rest of the page sees them. When a Check (or Verify all) finishes it announces
 * the result as a `runbook:check-result` CustomEvent on `document` (checklists tick linked items on it),
 * and this browser remembers the latest result per environment and check in localStorage, so the
 * deployment record on another page can list what was verified.
 */
import type { CheckResult, VerifySummary } from "../../core/result.ts";

import { CHECK_RESULT_EVENT } from "./check-result-event.ts";

export { CHECK_RESULT_EVENT, onCheckResult } from "./check-result-event.ts";

import { storageKeys } from "./storage-keys.ts";

const RESULTS_KEY = storageKeys.checkResults;
const SMOKE_KEY = storageKeys.smokeRuns;
/** Enough for every check of every environment several times over; older entries drop off. */
const MAX_RESULTS = 60;

/** `event.detail` of `runbook:check-result`. */
export interface CheckResultDetail {
  checkId: string;
  environment: string;
  /** pass / warn / fail; `error` when the check could not run at all. */
  status: "pass" | "warn" | "fail" | "error";
  title: string;
  summary: string;
  checkedAt: string;
  /** Which widget ran it: a single Verify button or the Verify all panel. */
  source: "check" | "verify-all";
  httpStatus?: number;
  latencyMs?: number;
}

/** The verdict of the latest Verify all run in one environment. */
export interface SmokeRunSeen {
  environment: string;
  status: VerifySummary["status"];
  summary: string;
  checkedAt: string;
  criteria: { label: string; status: "pass" | "fail"; expected: string; actual: string }[];
}

/** The event detail for a check's answer. */
export function detailFromResult(result: CheckResult, source: CheckResultDetail["source"]): CheckResultDetail {
  return {
    checkId: result.checkId,
    environment: result.environment,
    status: result.status,
    title: result.title,
    summary: result.summary,
    checkedAt: result.checkedAt,
    source,
    ...(result.observed.httpStatus !== undefined && { httpStatus: result.observed.httpStatus }),
    ...(result.observed.latencyMs !== undefined && { latencyMs: Math.round(result.observed.latencyMs) }),
  };
}

/** The event detail for a check that could not run (API unreachable, rate limited…): status `error`. */
export function detailFromFailure(
  checkId: string,
  environment: string,
  title: string,
  message: string,
): CheckResultDetail {
  return {
    checkId,
    environment,
    status: "error",
    title,
    summary: message,
    checkedAt: new Date().toISOString(),
    source: "check",
  };
}

/** Keeps the newest entry per environment and check, newest first, at most `max`. */
export function mergeResult(
  seen: readonly CheckResultDetail[],
  next: CheckResultDetail,
  max = MAX_RESULTS,
): CheckResultDetail[] {
  const others = seen.filter((r) => r.checkId !== next.checkId || r.environment !== next.environment);
  return [next, ...others].slice(0, max);
}

/** Results remembered in this browser, newest first. */
export function seenCheckResults(): CheckResultDetail[] {
  return readList<CheckResultDetail>(RESULTS_KEY).filter(
    (r) => typeof r?.checkId === "string" && typeof r.environment === "string",
  );
}

/** The latest Verify all verdict per environment. */
export function seenSmokeRuns(): SmokeRunSeen[] {
  return readList<SmokeRunSeen>(SMOKE_KEY).filter(
    (r) => typeof r?.environment === "string" && typeof r.checkedAt === "string",
  );
}

/** Remembers a result and tells the page about it. */
export function announceCheckResult(detail: CheckResultDetail): void {
  writeList(RESULTS_KEY, mergeResult(seenCheckResults(), detail));
  document.dispatchEvent(new CustomEvent<CheckResultDetail>(CHECK_RESULT_EVENT, { detail }));
}

/** Remembers the verdict of a Verify all run (one per environment). */
export function rememberSmokeRun(summary: VerifySummary): void {
  const run: SmokeRunSeen = {
    environment: summary.environment,
    status: summary.status,
    summary: summary.summary,
    checkedAt: summary.checkedAt,
    criteria: summary.criteria.map((c) => ({
      label: c.label,
      status: c.status,
      expected: c.expected,
      actual: c.actual,
    })),
  };
  writeList(SMOKE_KEY, [run, ...seenSmokeRuns().filter((r) => r.environment !== run.environment)]);
}

function readList<T>(key: string): T[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

function writeList(key: string, list: readonly unknown[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Private windows may refuse storage; the event still reaches this page.
  }
}
