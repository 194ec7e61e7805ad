/**
 * @module
 * What several report guards check alike: a report's section (`{ ok: true, data }` or `{ ok: false,
 * error }`) and the fields every answered report carries.
 */
import { type Fields, isNumber, isObject, isString } from "./shape-kit.ts";

/** `{ ok: true, data }` or `{ ok: false, error: { code, message } }`: one part of a report. */
export const isSection = (v: unknown) =>
  isObject(v) &&
  (v.ok === true
    ? "data" in v
    : v.ok === false && isObject(v.error) && isString(v.error.code) && isString(v.error.message));

/** The environment, when it was checked and how long it took. */
export const answered = (v: Fields) => isString(v.environment) && isString(v.checkedAt) && isNumber(v.durationMs);
