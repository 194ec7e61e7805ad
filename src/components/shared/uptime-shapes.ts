/**
 * @module
 * What the Status widget checks of `GET /api/uptime/view` before it shows it (the type is `UptimeView`
 * in `src/core/uptime/schemas.ts`, the Function's `schedule/uptime-view.ts` draws it).
 */
import type { UptimeView } from "../../core/uptime/schemas.ts";
import { isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

/** `GET /api/uptime/view?env=`: the checks between deploys of an environment, drawn. */
export const uptimeView = shape<UptimeView>(
  (v) =>
    isString(v.environment) &&
    isString(v.checkedAt) &&
    isNumber(v.durationMs) &&
    isString(v.html) &&
    isObject(v.verdict) &&
    oneOf("idle", "pass", "warn", "fail")(v.verdict.state) &&
    isString(v.verdict.text) &&
    isString(v.verdict.code),
);
