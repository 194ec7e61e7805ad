/**
 * @module
 * The demo's runtime switches: what each one means, its default, and the zod schema that
 * `POST /__demo/state` validates a partial update against.
 */
import { z } from "zod";

export const DEMO_MODES = ["healthy", "degraded", "down", "slow"] as const;
export type DemoMode = (typeof DEMO_MODES)[number];

/** Upper bound for the delay settings, so a typo cannot park a test for an hour. */
const MAX_DELAY_MS = 60_000;

const settingsFields = {
  /** How the app and Convex endpoints behave. @example "degraded" */
  mode: z.enum(DEMO_MODES),
  /** Extra wait in `slow` mode before an app or Convex endpoint answers. */
  slowMs: z.number().int().min(0).max(MAX_DELAY_MS),
  /** Base wait before every app, Convex, Cloudflare and GitHub answer (benchmarks). */
  latencyMs: z.number().int().min(0).max(MAX_DELAY_MS),
  /** `off` makes the payments webhook accept anything, like an endpoint deployed without its secret check. */
  webhookVerification: z.enum(["on", "off"]),
  /** `rolled-back`: the Pages project serves an older production deployment than the newest one. */
  pagesScenario: z.enum(["normal", "rolled-back"]),
  /** `mismatch`: the Convex backend reports a different commit than the frontend. */
  versionScenario: z.enum(["matched", "mismatch"]),
  /** `error`: the Cloudflare API stand-in answers 500; `rate-limited`: 429 with Retry-After. */
  cloudflareApi: z.enum(["ok", "error", "rate-limited"]),
  /** `error`: the GitHub API stand-in answers 500; `rate-limited`: GitHub's 403 with `x-ratelimit-remaining: 0`; `secondary-rate-limited`: 403 with `retry-after`. */
  githubApi: z.enum(["ok", "error", "rate-limited", "secondary-rate-limited"]),
  /** `missing`: Pages, Convex and GitHub each lack one variable the demo config requires. */
  variablesScenario: z.enum(["complete", "missing"]),
  /** What the DNS over HTTPS stand-in answers for the demo's custom domain. */
  dnsScenario: z.enum(["correct", "wrong-record", "nxdomain"]),
  /** The demo custom domain's status in the Pages project. */
  domainScenario: z.enum(["active", "pending", "error"]),
  /**
   * The newest deploy run on main: `failing` ended in failure, `approval` waits for a maintainer's
   * approval (`action_required`), `stale` was given up on by GitHub.
   */
  buildScenario: z.enum(["passing", "failing", "approval", "stale"]),
  /**
   * `force-pushed`: GitHub no longer knows main's newest commit (pushed over), so its compare answers
   * 404 for any range that names it, as GitHub does for a commit it does not have.
   */
  gitScenario: z.enum(["pushed", "force-pushed"]),
  /**
   * `broken`: the newest production deployment is a bad deploy; while Pages serves it, the app's
   * health fails and `/api/plans` answers 500. Rolling Pages back (the runbook's action) ends it.
   */
  newestDeploy: z.enum(["good", "broken"]),
  /** The commit Convex was last redeployed at by the deploy-convex workflow (null: as the scenarios say). */
  convexCommit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable(),
  /**
   * How the Pages rollback (`POST .../deployments/{id}/rollback`) is answered: `normal`, a Cloudflare
   * `502` HTML error page, no answer (`timeout`), the connection `reset`, a `refused` 400 in the error
   * envelope, or a `garbled` 200 that does not parse. Whether the switch happens anyway is `rollbackApplied`.
   */
  rollbackAnswer: z.enum(["normal", "error-page-502", "timeout", "reset", "refused", "garbled"]),
  /**
   * With an odd `rollbackAnswer`: `yes` switches production all the same, `no` leaves it, and
   * `yes-then-outage` switches it and then takes the Cloudflare API and the app down, so nothing can be read back.
   */
  rollbackApplied: z.enum(["yes", "no", "yes-then-outage"]),
  /**
   * How the Convex workflow's dispatch is answered: `run-details` (200 with the run, GitHub's
   * `return_run_details`), `no-content` (204), GitHub's secondary rate limit (403 with `retry-after`),
   * a `429`, a `502` HTML error page after starting the run, or no answer (`timeout`) after starting it.
   */
  dispatchAnswer: z.enum([
    "run-details",
    "no-content",
    "secondary-rate-limited",
    "rate-limited-429",
    "error-page-502",
    "timeout",
  ]),
  /** How a dispatched deploy-convex run goes: `success` (Convex runs the commit), `failure`, or `approval` (it waits for a reviewer). */
  deployRun: z.enum(["success", "failure", "approval"]),
  /** Where the last good production deployment sits in the Pages list (25 a page): failed deploys push it to page 2, 5, or past 200. */
  rollbackScenario: z.enum(["page-1", "page-2", "page-5", "beyond-bound"]),
};

/** A partial update: every field optional, unknown fields rejected. */
export const demoSettingsPatch = z.strictObject(settingsFields).partial();

export type DemoSettings = { [K in keyof typeof settingsFields]: z.output<(typeof settingsFields)[K]> };
export type DemoSettingsPatch = z.output<typeof demoSettingsPatch>;

export const DEFAULT_SETTINGS: Readonly<DemoSettings> = Object.freeze({
  mode: "healthy",
  slowMs: 2_500,
  latencyMs: 0,
  webhookVerification: "on",
  pagesScenario: "normal",
  versionScenario: "matched",
  cloudflareApi: "ok",
  githubApi: "ok",
  variablesScenario: "complete",
  dnsScenario: "correct",
  domainScenario: "active",
  buildScenario: "passing",
  gitScenario: "pushed",
  rollbackScenario: "page-1",
  newestDeploy: "good",
  convexCommit: null,
  rollbackAnswer: "normal",
  rollbackApplied: "yes",
  dispatchAnswer: "run-details",
  deployRun: "success",
});

/** One line naming each field and what was wrong with it, e.g. `mode: Invalid option: ...`. */
export function describeSettingsError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        return `${issue.keys.join(", ")}: unknown setting (settable: ${Object.keys(settingsFields).join(", ")})`;
      }
      return `${issue.path.map(String).join(".") || "body"}: ${issue.message}`;
    })
    .join("; ");
}
