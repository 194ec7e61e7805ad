/**
 * @module
 * The guard for a check's answer, apart from the report guards in `shapes.ts` and Verify all's in
 * `verify-shapes.ts`, so pages with only Check widgets ship this one guard.
 */
import type { CheckResult } from "../../core/result.ts";
import { arrayOf, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

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
