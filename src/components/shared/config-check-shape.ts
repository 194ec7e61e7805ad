/**
 * @module
 * The guard of `GET /api/config-check?env=`, which only <ConfigCheck> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { ConfigCheckReport } from "../../core/incidents/schemas.ts";
import { answered } from "./report-kit.ts";
import { isNumber, oneOf, shape } from "./shape-kit.ts";

export const configCheckReport = shape<ConfigCheckReport>(
  (v) =>
    answered(v) &&
    oneOf("complete", "missing", "incomplete")(v.status) &&
    isNumber(v.missing) &&
    Array.isArray(v.groups),
);
