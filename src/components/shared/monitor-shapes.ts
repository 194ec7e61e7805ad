/**
 * @module
 * What the monitor checks of the monitor routes' answers before it draws them. The contract is the
 * plain types of `src/core/monitor.ts` (no zod there: the widget ships that file); `test/unit/shapes.test.ts`
 * holds these guards to real answers of the routes.
 */
import type { MonitorGap, MonitorSample, MonitorWatch } from "../../core/monitor.ts";
import { arrayOf, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

const isWatch = (v: unknown) =>
  isObject(v) &&
  isNumber(v.id) &&
  isString(v.environment) &&
  isString(v.startedAt) &&
  isNumber(v.intervalMs) &&
  isNumber(v.windowMs) &&
  isObject(v.criteria) &&
  isNumber(v.criteria.p95Ms) &&
  isNumber(v.criteria.maxErrorRate);

const isSample = (v: unknown) =>
  isObject(v) &&
  isNumber(v.slot) &&
  isString(v.at) &&
  oneOf("pass", "warn", "fail")(v.status) &&
  isNumber(v.p95Ms) &&
  isNumber(v.errorRate) &&
  arrayOf(isString)(v.breached) &&
  Array.isArray(v.checks);

export interface MonitorSeriesAnswer {
  environment: string;
  store?: string;
  /** "worker": the watch Worker samples with no page open, and the page only reads the series. */
  sampler?: "worker" | "page";
  watch: MonitorWatch | null;
  samples: MonitorSample[];
  /** Intervals the watch Worker reached but could not sample, with why. */
  gaps?: MonitorGap[];
}

const isGap = (v: unknown) => isObject(v) && isNumber(v.slot) && isString(v.reason);

/** `GET /api/monitor` and `POST /api/monitor`: the environment's watch (or null) and its samples. */
export const monitorSeries = shape<MonitorSeriesAnswer>(
  (v) =>
    isString(v.environment) &&
    (v.sampler === undefined || oneOf("worker", "page")(v.sampler)) &&
    (v.watch === null || isWatch(v.watch)) &&
    arrayOf(isSample)(v.samples) &&
    (v.gaps === undefined || arrayOf(isGap)(v.gaps)),
);

/** `POST /api/monitor/sample`: this interval's sample (null once the watch is over). */
export const monitorSample = shape<{ sample: MonitorSample | null; slot: number; done: boolean }>(
  (v) =>
    isString(v.environment) &&
    isNumber(v.slot) &&
    typeof v.done === "boolean" &&
    (v.sample === null || isSample(v.sample)),
);
