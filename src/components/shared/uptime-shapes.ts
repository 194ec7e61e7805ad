/**
 * @module
 * What the Status widget checks of `GET /api/uptime` before it draws it. The contract is the zod schema
 * in `src/core/uptime/schemas.ts`; `test/unit/shapes.test.ts` style: the guard is held to real answers.
 */
import type { UptimeAnswer } from "../../core/uptime/schemas.ts";
import { arrayOf, isNumber, isObject, isString, shape } from "./shape-kit.ts";

const orNull = (test: (v: unknown) => boolean) => (v: unknown) => v === null || test(v);

const isCheck = (v: unknown) =>
  isObject(v) &&
  isString(v.check) &&
  isString(v.title) &&
  orNull(isNumber)(v.uptime24h) &&
  orNull(isNumber)(v.uptime7d) &&
  isNumber(v.runs24h) &&
  orNull(isNumber)(v.p95Ms24h) &&
  orNull(isObject)(v.lastRun) &&
  orNull(isObject)(v.lastFailure) &&
  orNull(isObject)(v.openIncident) &&
  arrayOf((h) => isObject(h) && isString(h.at) && isString(h.status))(v.history);

/** `GET /api/uptime?env=`: the checks between deploys of an environment. */
export const uptimeAnswer = shape<UptimeAnswer>(
  (v) =>
    isString(v.environment) &&
    isString(v.checkedAt) &&
    isNumber(v.durationMs) &&
    (v.schedule === null || isObject(v.schedule)) &&
    arrayOf(isCheck)(v.checks),
);
