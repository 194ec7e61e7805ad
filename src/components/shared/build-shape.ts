/**
 * @module
 * The guard of `GET /api/build?env=`, which only <BuildStatus> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { BuildReport } from "../../core/incidents/schemas.ts";
import { answered, isSection } from "./report-kit.ts";
import { oneOf, shape } from "./shape-kit.ts";

export const buildReport = shape<BuildReport>(
  (v) =>
    answered(v) &&
    oneOf("passing", "failing", "running", "waiting", "inconclusive", "none", "incomplete")(v.status) &&
    isSection(v.run) &&
    isSection(v.node),
);
