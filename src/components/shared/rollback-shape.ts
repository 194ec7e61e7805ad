/**
 * @module
 * The guard of `GET /api/rollback?env=`, which only <RollbackLinks> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { RollbackReport } from "../../core/deploy/schemas.ts";
import { isSection } from "./report-kit.ts";
import { isObject, isString, shape } from "./shape-kit.ts";

export const rollbackReport = shape<RollbackReport>(
  (v) =>
    isString(v.environment) &&
    [v.pages, v.convex, v.git].every(isSection) &&
    isObject(v.links) &&
    isString(v.checkedAt),
);
