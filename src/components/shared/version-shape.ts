/**
 * @module
 * The guard of `GET /api/version?env=`, which only <DeployVersion> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { VersionReport } from "../../core/deploy/schemas.ts";
import { isSection } from "./report-kit.ts";
import { arrayOf, isObject, isString, oneOf, shape } from "./shape-kit.ts";

export const versionReport = shape<VersionReport>(
  (v) =>
    isString(v.environment) &&
    oneOf("in-sync", "drift", "incomplete")(v.status) &&
    [v.frontend, v.backend, v.pages, v.deployRun].every(isSection) &&
    (v.staging === undefined || isSection(v.staging)) &&
    arrayOf((d) => isObject(d) && isString(d.code) && oneOf("warn", "info")(d.severity) && isString(d.title))(
      v.drift,
    ) &&
    isObject(v.links),
);
