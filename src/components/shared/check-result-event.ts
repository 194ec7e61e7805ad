/**
 * @module
 * The page-wide `runbook:check-result` event alone, without the result store of `check-results.ts`:
 * a checklist only listens, so the pages with a checklist and no check do not load the store.
 */
import type { CheckResultDetail } from "./check-results.ts";

export const CHECK_RESULT_EVENT = "runbook:check-result";

/** Calls `listener` with each check result announced on this page. */
export function onCheckResult(listener: (detail: CheckResultDetail) => void): void {
  document.addEventListener(CHECK_RESULT_EVENT, (e) => listener((e as CustomEvent<CheckResultDetail>).detail));
}
