/**
 * @module
 * How much one deployment keeps, whatever is written to it: past a cap the write is a 409 `cap_reached`
 * naming the cap, and the deployment can still be read, closed and exported. The runbook's own notes (a
 * rollback action noting itself) are not readers' notes and are never refused.
 */
import { ApiFailure } from "../errors.ts";

export const CAPS = {
  /** Readers' notes on one deployment (a busy deploy has tens). */
  notes: 500,
  /** Checklist items with a tick on one deployment (the runbook's checklists have tens of items). */
  ticks: 200,
  /** Check results attached to one deployment by the page (Verify presses are also read from the audit log). */
  checks: 1000,
} as const;

export type CappedKind = keyof typeof CAPS;

/** Notes shown with each deployment of the list and its exports (the deployment's own export has them all). */
export const SUMMARY_NOTES = 10;
/** Audited Verify presses shown in a deployment's detail (its export streams them all). */
export const DETAIL_AUDITED_CHECKS = 200;

const WORDS: Record<CappedKind, string> = { notes: "notes", ticks: "ticked checklist items", checks: "check results" };

/** 409 `cap_reached`: the deployment holds the most `kind` one deployment keeps. */
export function capReached(kind: CappedKind, deploymentId: number): ApiFailure {
  return new ApiFailure(
    409,
    "cap_reached",
    `deployment ${deploymentId} already holds ${CAPS[kind]} ${WORDS[kind]}, the most one deployment keeps (the ${kind} cap); nothing was added. The deployment can still be read, closed and exported`,
  );
}
