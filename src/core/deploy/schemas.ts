/**
 * @module
 * The answers of `GET /api/version` and `GET /api/rollback`: the Function builds them to these schemas;
 * the widgets import only the types and check answers with the small guards of
 * `src/components/shared/` (`version-shape.ts`, `rollback-shape.ts`), which a test holds to these schemas (zod in the browser would
 * cost most of the widget JavaScript budget).
 */
import * as z from "zod/mini";

/** Why one part of a panel could not be filled in; the rest of the answer still stands. */
export const sectionError = z.object({
  /** missing_token, token_rejected, forbidden, not_found, no_route, invalid_request, rate_limited, upstream_error, unexpected_response, timeout, unreachable, too_large, not_configured, needs_pages */
  code: z.string(),
  message: z.string(),
  /** Set when the upstream asked us to wait (429): seconds from `checkedAt`. */
  retryAfterSeconds: z.optional(z.number()),
});
export type SectionError = z.infer<typeof sectionError>;

/** One part of a panel: its data, or the reason it is missing. */
function section<T extends z.ZodMiniType>(data: T) {
  return z.union([z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: sectionError })]);
}
export type Section<T> = { ok: true; data: T } | { ok: false; error: SectionError };

/** A link a person can open; `href` is always built from config and upstream IDs. */
export const link = z.object({ label: z.string(), href: z.string() });
export type Link = z.infer<typeof link>;

/** Links that need no API call: they work from the config alone. */
export const configLinks = z.object({
  pagesProject: z.optional(z.string()),
  convexDashboard: z.optional(z.string()),
  repository: z.optional(z.string()),
  deployRuns: z.optional(z.string()),
});
export type ConfigLinks = z.infer<typeof configLinks>;

/** What a version endpoint reports (the app's `/version.json`, the Convex HTTP action, staging's). */
export const reportedVersion = z.object({
  url: z.string(),
  commit: z.string(),
  version: z.optional(z.string()),
  builtAt: z.optional(z.string()),
  deployment: z.optional(z.string()),
  commitUrl: z.optional(z.string()),
});
export type ReportedVersion = z.infer<typeof reportedVersion>;

/** A Cloudflare Pages deployment, reduced to what a reader needs. */
export const pagesDeployment = z.object({
  id: z.string(),
  shortId: z.string(),
  environment: z.string(),
  url: z.string(),
  createdOn: z.string(),
  branch: z.optional(z.string()),
  commit: z.optional(z.string()),
  commitMessage: z.optional(z.string()),
  /** The stage it got to and how that ended, e.g. deploy / success. */
  stage: z.object({ name: z.string(), status: z.string() }),
  dashboardUrl: z.string(),
  commitUrl: z.optional(z.string()),
});
export type PagesDeployment = z.infer<typeof pagesDeployment>;

/** How far the production deployment list was read (25 a page, up to the configured bound). */
export const pagesSearch = z.object({
  deployments: z.number(),
  pages: z.number(),
  /** The list was read until the answer was found, or to its end. */
  complete: z.boolean(),
  /** In words, e.g. "Read the newest 200 production deployments (8 pages), the most this runbook reads". */
  summary: z.string(),
});
export type PagesSearch = z.infer<typeof pagesSearch>;

/** The Pages project as the version panel shows it. */
export const pagesState = z.object({
  project: z.string(),
  productionBranch: z.string(),
  domains: z.array(z.string()),
  /** `canonical_deployment`: the deployment Pages serves on the production domains. */
  live: z.nullable(pagesDeployment),
  /** The newest successful production deployment; not the live one after a rollback. */
  newest: z.nullable(pagesDeployment),
  dashboardUrl: z.string(),
  searched: z.optional(pagesSearch),
  /** Deployments the API sent in an unexpected shape, left out, one sentence each. */
  skipped: z.optional(z.array(z.string())),
});
export type PagesState = z.infer<typeof pagesState>;

/** The latest run of the deploy workflow on the production branch. */
export const deployRun = z.object({
  runNumber: z.number(),
  status: z.string(),
  conclusion: z.nullable(z.string()),
  htmlUrl: z.string(),
  headSha: z.string(),
  createdAt: z.string(),
});
export type DeployRun = z.infer<typeof deployRun>;

/** How staging relates to production, from GitHub's compare when it could be read. */
export const stagingState = z.object({
  version: reportedVersion,
  comparison: z.optional(
    z.object({
      status: z.enum(["ahead", "behind", "diverged", "identical"]),
      aheadBy: z.number(),
      behindBy: z.number(),
    }),
  ),
});
export type StagingState = z.infer<typeof stagingState>;

export const driftCodes = [
  "frontend_backend_mismatch",
  "rolled_back",
  "app_not_canonical",
  "newer_deployment_failed",
  "deploy_run_failed",
  "deploy_run_in_progress",
  "staging_differs",
] as const;

/** One way production is not in one piece, in words a reader acts on. */
export const drift = z.object({
  code: z.enum(driftCodes),
  severity: z.enum(["warn", "info"]),
  title: z.string(),
  detail: z.string(),
  link: z.optional(link),
});
export type Drift = z.infer<typeof drift>;

/** `GET /api/version?env=`: what is live, and where it drifts. */
export const versionReport = z.object({
  environment: z.string(),
  /** in-sync: everything read agrees; drift: at least one warning; incomplete: no warning, but a part could not be read. */
  status: z.enum(["in-sync", "drift", "incomplete"]),
  frontend: section(reportedVersion),
  backend: section(reportedVersion),
  pages: section(pagesState),
  deployRun: section(z.nullable(deployRun)),
  /** Absent when the environment names no `staging` target. */
  staging: z.optional(section(stagingState)),
  drift: z.array(drift),
  links: configLinks,
  checkedAt: z.string(),
  durationMs: z.number(),
});
export type VersionReport = z.infer<typeof versionReport>;

/** A command to paste into a terminal, with real IDs and SHAs filled in (never a real token). */
export const command = z.object({ label: z.string(), command: z.string() });
export type Command = z.infer<typeof command>;

/** A successful production deployment a reader could roll Pages back to. */
export const rollbackCandidate = z.extend(pagesDeployment, {
  live: z.boolean(),
  lastGood: z.boolean(),
  /** The Cloudflare API call that makes this deployment the served one. */
  rollbackCommand: z.string(),
});
export type RollbackCandidate = z.infer<typeof rollbackCandidate>;

export const pagesRollback = z.object({
  project: z.string(),
  /** Pages serves an older deployment than its newest successful production one. */
  rolledBack: z.boolean(),
  live: z.nullable(rollbackCandidate),
  lastGood: z.nullable(rollbackCandidate),
  newest: z.nullable(rollbackCandidate),
  /** Successful production deployments, newest first (failed builds and previews left out). */
  candidates: z.array(rollbackCandidate),
  commands: z.array(command),
  dashboardUrl: z.string(),
  searched: z.optional(pagesSearch),
  /** Deployments the API sent in an unexpected shape, left out, one sentence each. */
  skipped: z.optional(z.array(z.string())),
});
export type PagesRollback = z.infer<typeof pagesRollback>;

/** A commit with its GitHub page. */
export const commitRef = z.object({ sha: z.string(), url: z.string() });
export type CommitRef = z.infer<typeof commitRef>;

export const convexRollback = z.object({
  deployment: z.string(),
  dashboardUrl: z.string(),
  /** What the backend reports now, when its version endpoint answered. */
  current: z.nullable(commitRef),
  target: commitRef,
  reason: z.string(),
  /** The backend already runs the target commit. */
  upToDate: z.boolean(),
  commands: z.array(command),
});
export type ConvexRollback = z.infer<typeof convexRollback>;

export const gitRollback = z.object({
  good: commitRef,
  bad: commitRef,
  reason: z.string(),
  compareUrl: z.string(),
  /** Commits in good..bad, when GitHub could be asked. */
  commitCount: z.nullable(z.number()),
  /** Whether good..bad holds merge commits (then `-m 1`); null when GitHub could not be asked. */
  mergeCommits: z.nullable(z.boolean()),
  /**
   * Set when GitHub's compare did not answer the range: `commit_unknown` (HTTP 404 or 422: GitHub does
   * not know one of the commits, never pushed or force-pushed away), or the compare's own error code.
   * The commands then start with a check that both commits exist in the clone.
   */
  warning: z.optional(z.object({ code: z.string(), message: z.string() })),
  commands: z.array(command),
});
export type GitRollback = z.infer<typeof gitRollback>;

/** `GET /api/rollback?env=`: what to go back to and exactly how, per part. */
export const rollbackReport = z.object({
  environment: z.string(),
  pages: section(pagesRollback),
  convex: section(convexRollback),
  git: section(gitRollback),
  links: configLinks,
  checkedAt: z.string(),
  durationMs: z.number(),
});
export type RollbackReport = z.infer<typeof rollbackReport>;
