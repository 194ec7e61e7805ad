/**
 * @module
 * What the rollback action reads of `GET /api/monitor?env=`: only the latest watch's recorded verdict.
 * Checked alone (not with the whole series' guard in `monitor-shapes.ts`), so the Rollback pages do not
 * ship the monitor's guards; `test/unit/shapes.test.ts` holds it to a real answer.
 */
import type { MonitorWatch } from "../../core/monitor.ts";
import { isObject, isString, shape } from "./shape-kit.ts";

const isVerdict = (v: unknown) =>
  v === undefined ||
  v === null ||
  (isObject(v) && v.state === "rollback-recommended" && isString(v.at) && isString(v.reason));

/** The environment's latest watch, as far as its verdict goes (`null` when it was never watched). */
export const watchVerdict = shape<{ watch: Pick<MonitorWatch, "verdict"> | null }>(
  (v) => isString(v.environment) && (v.watch === null || (isObject(v.watch) && isVerdict(v.watch.verdict))),
);
