/**
 * @module
 * The rollback action's contract: what `GET /api/actions/rollback` answers (is the button there, for
 * whom, and the targets), the body of `POST /api/actions/rollback`, and the NDJSON lines it streams.
 * Also the pure rules: who is on an allow-list, and which deployment is a valid target.
 */
import type { CheckResult, VerifySummary } from "../result.ts";

/** A deployment as the action names it. */
export interface DeploymentRef {
  id: string;
  shortId: string;
  commit?: string | undefined;
  createdOn: string;
}

/** `GET /api/actions/rollback?env=`: whether the action exists here for this reader, and its targets. */
export interface RollbackActionState {
  environment: string;
  /** The button exists: enabled in the config, write token bound, D1 bound, and the reader on the allow-list. */
  available: boolean;
  /** Why not, in one sentence, when `available` is false. */
  why?: string;
  /** Who the Function takes the reader to be (the Access identity, `local` where Access is off). */
  actor: string;
  live: DeploymentRef | null;
  /**
   * Successful production deployments older than the live one, newest first. The first is the last good
   * one only while `newest` is absent: after a rollback each is a target only if the live one is bad too.
   */
  targets: DeploymentRef[];
  /** Present when Pages serves an older deployment than its newest successful one (rolled back): the roll-forward target. */
  newest?: DeploymentRef;
  /** Server time the form was issued; a request carrying an older one than `maxAgeSeconds` is refused. */
  issuedAt: string;
  maxAgeSeconds: number;
  /** The newest action of this environment, if any. */
  last?: ActionSummary;
  checkedAt: string;
  durationMs: number;
}

export interface ActionSummary {
  by: string;
  at: string;
  fromId: string;
  toId: string;
  reason: string;
  status: string;
  verification: string | null;
}

/** The body of `POST /api/actions/rollback?env=`. */
export interface RollbackRequest {
  /** Deployment id to serve. */
  target: string;
  reason: string;
  /** The environment's id, typed by the engineer. */
  confirm: string;
  /** The live deployment id the page showed: a request made against a stale page is refused. */
  expectedLive: string;
  /** A fresh id per press (UUID works): a replayed request is refused. */
  requestId: string;
  /** `issuedAt` of the GET answer the form came from. */
  issuedAt: string;
}

/**
 * How a press ended, as read back from the provider (never guessed from its answer alone): switched and
 * verified, switched but the verification failed, not switched, or unknown (the provider's answer was
 * ambiguous and the read-back could not tell; the result then says exactly how to check).
 */
export type ActionOutcome = "verified" | "verify-failed" | "not-rolled-back" | "unknown";

/**
 * The provider's answer to the write: `done` (a clear 2xx), `refused` (a 4xx it documents as a refusal:
 * nothing changed) or `unknown` (5xx, an HTML or unparseable body, a timeout, a reset connection).
 */
export type WriteVerdict = "done" | "refused" | "unknown";

/** A workflow run the Convex redeploy follows, as GitHub reports it. */
export interface FollowedRun {
  id: number;
  url: string;
  status: string | null;
  conclusion: string | null;
}

/**
 * Lines of the NDJSON answer, in order: start, answer, read-back (when the answer was unknown), run*
 * (Convex: the dispatched run as it is followed), rolled-back (when the switch happened), check*, smoke,
 * version, result.
 */
export type RollbackEvent =
  | {
      type: "start";
      environment: string;
      by: string;
      from: DeploymentRef;
      to: DeploymentRef;
      reason: string;
      /** This press joined one already in flight (same target): Cloudflare is called once for both. */
      joined: boolean;
    }
  | {
      type: "answer";
      verdict: WriteVerdict;
      /** The provider's answer in one sentence ("Cloudflare answered HTTP 502 with an HTML error page"). */
      said: string;
    }
  | {
      type: "read-back";
      /** The switch happened (true), did not (false), or could not be told (null). */
      switched: boolean | null;
      /** What the provider serves or runs now, in one sentence. */
      said: string;
    }
  | { type: "run"; run: FollowedRun; said: string }
  | { type: "rolled-back"; live: DeploymentRef }
  | { type: "check"; result: CheckResult }
  | { type: "smoke"; summary: VerifySummary }
  | {
      type: "version";
      status: string;
      liveId: string | null;
      frontendCommit: string | null;
      matches: boolean;
      drift: string[];
    }
  | {
      type: "result";
      outcome: ActionOutcome;
      headline: string;
      next: string;
      by: string;
      actionId: number;
      deploymentId: number | null;
      code?: string;
    };

/** Is `actor` (an Access email, `service:<name>` or `local`) on the allow-list? Emails compare case-insensitively. */
export function isAllowed(actor: string, allow: readonly string[]): boolean {
  const who = actor.toLowerCase();
  return allow.some((entry) => {
    const e = entry.toLowerCase();
    if (e === "local" || e.startsWith("service:")) return who === e;
    if (e.startsWith("@"))
      return !who.startsWith("service:") && who.endsWith(e) && who.indexOf("@") === who.length - e.length;
    return who === e;
  });
}

/** Why a deployment cannot be rolled back to, or undefined when it can. */
export function targetProblem(
  target: {
    id: string;
    shortId: string;
    environment: string;
    createdOn: string;
    stage: { name: string; status: string };
  },
  live: { id: string; shortId: string; createdOn: string },
): { code: string; message: string } | undefined {
  if (target.environment !== "production")
    return {
      code: "target_preview",
      message: `deployment ${target.shortId} is a ${target.environment} deployment: only production deployments can be served in production`,
    };
  if (target.stage.name !== "deploy" || target.stage.status !== "success")
    return {
      code: "target_failed",
      message: `deployment ${target.shortId} did not deploy successfully (stage ${target.stage.name}: ${target.stage.status}): it cannot be served`,
    };
  if (target.id === live.id)
    return {
      code: "target_not_older",
      message: `deployment ${target.shortId} is already live: there is nothing to roll back`,
    };
  if (Date.parse(target.createdOn) >= Date.parse(live.createdOn))
    return {
      code: "target_not_older",
      message: `deployment ${target.shortId} is newer than the live one ${live.shortId}: this action only rolls back (roll forward with the command on the page)`,
    };
  return undefined;
}
