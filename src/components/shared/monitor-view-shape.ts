/**
 * @module
 * What the monitor checks of `POST /api/monitor/view` before it shows the drawing. Apart from
 * `monitor-shapes.ts`, which the rollback action also loads (to quote a watch's verdict), so only the
 * monitor ships it; `test/unit/shapes.test.ts` holds it to a real answer.
 */
import type { MonitorView } from "../../core/monitor.ts";
import { isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

/** `POST /api/monitor/view`: the watch as the Function draws it, and what the widget's status line and data say. */
export const monitorView = shape<MonitorView>(
  (v) =>
    isString(v.html) &&
    isNumber(v.watch) &&
    isString(v.environment) &&
    isObject(v.status) &&
    oneOf("pass", "fail")(v.status.state) &&
    isString(v.status.text) &&
    oneOf("watching", "breach", "pass", "fail")(v.outcome) &&
    oneOf("rollback", "recovered", "none")(v.recommendation) &&
    typeof v.breached === "boolean" &&
    isNumber(v.samples) &&
    (v.verdictUtc === null || (isObject(v.verdictUtc) && isString(v.verdictUtc.text))),
);
