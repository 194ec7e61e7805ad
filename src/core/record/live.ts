/**
 * @module
 * The record's version fields as the live answers say them: what `GET /api/record/live` fills in, from the
 * same reports as `/api/version` and `/api/rollback`, so the page never loads those answers' guards.
 */
import type { RollbackReport, VersionReport } from "../deploy/schemas.ts";
import type { RecordVersion, VersionField } from "./fields.ts";

/** What the version and rollback answers say, as form fields; parts that could not be read are left out. */
export function versionFromReports(
  version: VersionReport | undefined,
  rollback: RollbackReport | undefined,
): Partial<RecordVersion> {
  const out: Partial<RecordVersion> = {};
  const set = (field: VersionField, value: string | undefined | null) => {
    if (value) out[field] = value;
  };
  if (version) {
    if (version.frontend.ok) {
      set("frontendCommit", version.frontend.data.commit);
      set("frontendVersion", version.frontend.data.version);
    }
    if (version.backend.ok) {
      set("backendCommit", version.backend.data.commit);
      set("convexDeployment", version.backend.data.deployment);
    }
    if (version.pages.ok && version.pages.data.live) {
      set("pagesDeploymentId", version.pages.data.live.id);
      set("pagesDeploymentUrl", version.pages.data.live.url);
    }
    if (version.deployRun.ok) set("deployRunUrl", version.deployRun.data?.htmlUrl);
  }
  if (rollback) {
    if (rollback.pages.ok && rollback.pages.data.lastGood) {
      set("rollbackPagesDeployment", rollback.pages.data.lastGood.id);
      set("rollbackCommit", rollback.pages.data.lastGood.commit);
    }
    if (rollback.convex.ok) set("rollbackConvexCommit", rollback.convex.data.target.sha);
    if (rollback.git.ok) set("compareUrl", rollback.git.data.compareUrl);
  }
  return out;
}
