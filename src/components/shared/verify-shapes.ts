/**
 * @module
 * The guards of Verify all's answers: the environment's checks, and one smoke check's part with what
 * the run is judged on. Apart from `check-shapes.ts`, so pages with only Check widgets do not ship them.
 */
import type { CheckSummary, VerifyPart } from "../../core/result.ts";
import { checkResult } from "./check-shapes.ts";
import { arrayOf, isNumber, isObject, isString, shape } from "./shape-kit.ts";

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
