/**
 * @module
 * The record form's version fields, shared by the widget (no zod in the browser) and the record's schema.
 */

/** The version fields of the record form; an empty string is "not recorded". */
export const versionFields = [
  "frontendCommit",
  "frontendVersion",
  "pagesDeploymentId",
  "pagesDeploymentUrl",
  "backendCommit",
  "convexDeployment",
  "deployRunUrl",
  "compareUrl",
  "rollbackPagesDeployment",
  "rollbackCommit",
  "rollbackConvexCommit",
] as const;
export type VersionField = (typeof versionFields)[number];
export type RecordVersion = Record<VersionField, string>;
