import type { D1Database } from "./history/d1.ts";
import type { AccessBindings } from "./middleware/access/index.ts";

/**
 * The bindings the Function reads. Secrets arrive here and nowhere else (`.dev.vars` locally).
 * Cloudflare Access: `RUNBOOK_ACCESS`, `ACCESS_TEAM_DOMAIN`, `ACCESS_AUD` (and the test-only
 * `ACCESS_JWKS_URL`), documented in `middleware/access/settings.ts`.
 */
export interface Env extends AccessBindings {
  /** Origin of the local demo Dashtray. When unset, the demo environment does not exist. */
  RUNBOOK_DEMO_ORIGIN?: string;
  /** Static assets of the site (Pages provides it); used to read the build's own version. */
  ASSETS?: { fetch(input: Request | string, init?: RequestInit): Promise<Response> };
  /** Check runs allowed per client per minute (default 60). */
  RUNBOOK_RUNS_PER_MINUTE?: string;
  /** Writes (notes, ticks, check results, starts and closes, monitor starts, actions) per client per minute (default 60). */
  RUNBOOK_WRITES_PER_MINUTE?: string;
  /** Seconds a finished check answer is reused for identical runs (default 5). */
  RUNBOOK_REUSE_SECONDS?: string;
  /**
   * Cloudflare's Rate Limiting binding (`[[ratelimits]]`, period 60 s), or a service binding with the same
   * `limit({ key })` method. When present it counts runs per client for the whole location instead of the
   * in-memory limiter, and `RUNBOOK_RUNS_PER_MINUTE` no longer applies. See docs: reference/limits.
   */
  RUNBOOK_RATE_LIMITER?: unknown;
  /**
   * Requests one invocation may make (default 50, Cloudflare's Free plan; up to 10000 on Paid). Verify-all
   * plans its samples to fit. See docs: reference/limits.
   */
  RUNBOOK_INVOCATION_SUBREQUESTS?: string;
  /**
   * Checks one invocation may run, its CPU budget (default 2: the Free plan's 10 ms of CPU at about 3.4 ms
   * a sampled check; Paid plans may raise it). `POST /api/verify` over more smoke checks is refused; the
   * Verify-all widget runs one check per invocation. See docs: reference/limits.
   */
  RUNBOOK_INVOCATION_CHECKS?: string;
  CLOUDFLARE_API_TOKEN?: string;
  GITHUB_TOKEN?: string;
  /**
   * Optional: a Convex deploy key, so the configuration check reads the deployment's variable names
   * (Convex's Deployment API wants a key with admin access; without one the check shows the command).
   */
  CONVEX_DEPLOY_KEY?: string;
  /**
   * The team's shared history (D1, `[[d1_databases]]` in wrangler.toml): deployments, ticks, notes,
   * check results and the audit log. Without it the site works per browser and says history is not shared.
   */
  RUNBOOK_DB?: D1Database;
  /**
   * The watch Worker (workers/watch) as a service binding (`[[services]]` in wrangler.toml): watches
   * then sample server-side with no page open. Without it (and without `RUNBOOK_WATCH_ORIGIN`) the
   * page that shows the monitor samples, as long as it stays open.
   */
  RUNBOOK_WATCH?: { fetch(input: string, init?: RequestInit): Promise<Response> };
  /** Local stack only: the watch Worker's loopback origin (`wrangler dev`), in place of the service binding. */
  RUNBOOK_WATCH_ORIGIN?: string;
  /** Days audit rows are kept before they are pruned (default 90). */
  RUNBOOK_AUDIT_RETENTION_DAYS?: string;
  /** Days check results attached to deployments are kept (default 365). */
  RUNBOOK_CHECK_RESULTS_RETENTION_DAYS?: string;
  /** Days monitor samples are kept (default 90). */
  RUNBOOK_MONITOR_RETENTION_DAYS?: string;
  /** Days finished notification deliveries (and then their events) are kept (default 30). */
  RUNBOOK_NOTIFICATIONS_RETENTION_DAYS?: string;
  /**
   * The runbook's own address, for links in notifications the companion Worker sends (config
   * `notifications.siteUrl` wins). The channels' own bindings are named in the config
   * (`notifications.channels`), e.g. SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY.
   */
  RUNBOOK_SITE_URL?: string;
  /** Optional: DodoPayments' test-mode signing secret (whsec_...), for the webhook probe's correctly signed case. */
  DODO_TEST_WEBHOOK_SECRET?: string;
}
