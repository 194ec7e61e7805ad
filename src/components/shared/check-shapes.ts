/**
 * @module
 * The guards for a check's answer and the Verify all stream, apart from the report guards in
 * `shapes.ts`, so pages with only Check widgets do not ship every report's guard.
 */
import type { CheckResult, CheckSummary, VerifyEvent, VerifyPart } from "../../core/result.ts";
import { apiError, arrayOf, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

const assertion = (v: unknown) =>
  isObject(v) &&
  isString(v.label) &&
  oneOf("pass", "warn", "fail")(v.status) &&
  isString(v.expected) &&
  isString(v.actual);

export const checkResult = shape<CheckResult>(
  (v) =>
    isString(v.checkId) &&
    isString(v.title) &&
    isString(v.environment) &&
    oneOf("pass", "warn", "fail", "error")(v.status) &&
    isString(v.summary) &&
    isObject(v.request) &&
    arrayOf(assertion)(v.assertions) &&
    isObject(v.observed) &&
    isNumber(v.durationMs) &&
    isString(v.checkedAt),
);

const criterion = (v: unknown) =>
  isObject(v) && isString(v.label) && oneOf("pass", "fail")(v.status) && isString(v.expected) && isString(v.actual);

/** One line of the `POST /api/verify` stream. */
export const verifyEvent = shape<VerifyEvent>((v) => {
  switch (v.type) {
    case "start":
      return isString(v.environment) && arrayOf((c) => isObject(c) && isString(c.id) && isString(c.title))(v.checks);
    case "result":
      return checkResult.safeParse(v.result).success;
    case "summary":
      return (
        isObject(v.summary) &&
        oneOf("pass", "warn", "fail")(v.summary.status) &&
        isString(v.summary.summary) &&
        arrayOf(criterion)(v.summary.criteria)
      );
    case "error":
      return apiError.safeParse(v).success;
    default:
      return false;
  }
});

/** `GET /api/checks?env=`: the checks of an environment (verify-all runs those with `smoke`). */
export const checkList = shape<{ environment: string; checks: CheckSummary[] }>(
  (v) =>
    isString(v.environment) &&
    arrayOf((c) => isObject(c) && isString(c.id) && isString(c.title) && typeof c.smoke === "boolean")(v.checks),
);

/** `POST /api/verify/checks/{id}?env=`: one smoke check of verify-all, with what the run is judged on. */
export const verifyPart = shape<VerifyPart>(
  (v) =>
    isString(v.environment) &&
    checkResult.safeParse(v.result).success &&
    isObject(v.samples) &&
    arrayOf(isNumber)(v.samples.latencies) &&
    isNumber(v.samples.errors) &&
    isNumber(v.samples.count) &&
    isObject(v.criteria) &&
    isNumber(v.criteria.maxErrorRate) &&
    isNumber(v.criteria.p95Ms),
);
