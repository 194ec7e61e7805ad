/**
 * @module
 * Which Pages deployment is live, which one was last good, and what Git and Convex go back to.
 * Pure: it reads deployment lists, it fetches nothing.
 */
import { sameCommit, shortSha } from "./commits.ts";
import { commitUrl, type LinkSettings, pagesDeploymentUrl } from "./links.ts";
import type { PagesDeployment } from "./schemas.ts";

/** A Pages deployment as a provider reads it, before links are added. */
export type DeploymentRecord = Omit<PagesDeployment, "dashboardUrl" | "commitUrl">;

/** Adds the dashboard deep link and the commit page to a deployment. */
export function describeDeployment(record: DeploymentRecord, settings: LinkSettings): PagesDeployment {
  return {
    ...record,
    dashboardUrl: settings.cloudflare ? pagesDeploymentUrl(settings.cloudflare, record.id) : "",
    ...(record.commit && settings.github && { commitUrl: commitUrl(settings.github, record.commit) }),
  };
}

/** A production deployment whose deploy stage finished: failed builds, cancelled ones and previews are not rollback targets. */
export function isSuccessfulProduction(d: Pick<PagesDeployment, "environment" | "stage">): boolean {
  return d.environment === "production" && d.stage.name === "deploy" && d.stage.status === "success";
}

export interface RollbackSelection {
  /** Successful production deployments, newest first. */
  candidates: PagesDeployment[];
  /** The deployment Pages serves (`canonical_deployment`), when known. */
  live: PagesDeployment | null;
  /** The successful production deployment just before the live one. */
  lastGood: PagesDeployment | null;
  /** The newest successful production deployment. */
  newest: PagesDeployment | null;
  /** Pages serves something older than its newest successful production deployment. */
  rolledBack: boolean;
}

function newestFirst(a: PagesDeployment, b: PagesDeployment): number {
  return Date.parse(b.createdOn) - Date.parse(a.createdOn);
}

/**
 * Picks the rollback targets from a deployment list and the project's canonical deployment. The
 * canonical one is added when the list (one page of it) does not reach back that far.
 */
export function selectRollbackTargets(
  deployments: readonly PagesDeployment[],
  canonical: PagesDeployment | null,
): RollbackSelection {
  const candidates = deployments.filter(isSuccessfulProduction);
  if (canonical && isSuccessfulProduction(canonical) && !candidates.some((d) => d.id === canonical.id))
    candidates.push(canonical);
  candidates.sort(newestFirst);
  const liveIndex = canonical ? candidates.findIndex((d) => d.id === canonical.id) : -1;
  const live = liveIndex >= 0 ? (candidates[liveIndex] ?? null) : canonical;
  const lastGood = liveIndex >= 0 ? (candidates[liveIndex + 1] ?? null) : null;
  const newest = candidates[0] ?? null;
  return { candidates, live, lastGood, newest, rolledBack: live !== null && newest !== null && live.id !== newest.id };
}

/**
 * The newest production deployment when it failed after the newest successful one: the last deploy
 * did not go out. Failures a later success superseded are history, not drift.
 */
export function failedSinceNewest(
  deployments: readonly PagesDeployment[],
  newest: PagesDeployment | null,
): PagesDeployment | null {
  const since = newest ? Date.parse(newest.createdOn) : Number.NEGATIVE_INFINITY;
  return (
    deployments
      .filter((d) => d.environment === "production" && d.stage.status === "failure" && Date.parse(d.createdOn) > since)
      .sort(newestFirst)[0] ?? null
  );
}

/** What Git and Convex go back to: `good` is the commit to restore, `bad..` the commits to undo. */
export type RestorePlan = { ok: true; good: string; bad: string; reason: string } | { ok: false; message: string };

/**
 * After a Pages rollback, the rest follows what Pages serves: good = live, bad = the newest
 * deployment it was rolled back from. Otherwise the live deployment is the suspect: good = the
 * production deployment before it, bad = live.
 */
export function restorePlan(selection: RollbackSelection): RestorePlan {
  const { live, lastGood, newest, rolledBack } = selection;
  if (!live)
    return {
      ok: false,
      message: "Pages reports no served (canonical) production deployment, so there is no live commit to start from.",
    };
  if (rolledBack && newest) {
    if (!live.commit || !newest.commit) return missingCommit(live.commit ? newest : live);
    return {
      ok: true,
      good: live.commit,
      bad: newest.commit,
      reason: `Pages was rolled back to ${live.shortId} (commit ${shortSha(live.commit)}); the newest production deployment ${newest.shortId} (commit ${shortSha(newest.commit)}) is not served. Bring the rest in line with what is served.`,
    };
  }
  if (!lastGood)
    return {
      ok: false,
      message: `The live deployment ${live.shortId} is the only successful production deployment listed: there is nothing earlier to go back to.`,
    };
  if (!live.commit || !lastGood.commit) return missingCommit(live.commit ? lastGood : live);
  if (sameCommit(live.commit, lastGood.commit))
    return {
      ok: false,
      message: `The live deployment ${live.shortId} and the one before it ${lastGood.shortId} are the same commit ${shortSha(live.commit)}: there is no code to revert.`,
    };
  return {
    ok: true,
    good: lastGood.commit,
    bad: live.commit,
    reason: `Live is ${live.shortId} (commit ${shortSha(live.commit)}); the production deployment before it is ${lastGood.shortId} (commit ${shortSha(lastGood.commit)}).`,
  };
}

function missingCommit(d: PagesDeployment): RestorePlan {
  return {
    ok: false,
    message: `Pages deployment ${d.shortId} carries no commit hash (uploaded without Git metadata), so its code cannot be named.`,
  };
}

/** What a reader should do with one Pages deployment row, given what Pages serves now. */
export type PagesRowAction = "serving" | "roll-back" | "roll-forward" | "if-bad-too";

/** The parts of a rollback selection the advice reads; the API answer's candidates fit too. */
export interface PagesPosition<D extends { id: string; createdOn: string }> {
  live: D | null;
  lastGood: D | null;
  newest: D | null;
  rolledBack: boolean;
}

/**
 * The action for a deployment row. Before any rollback, older rows are rollback targets. Once Pages
 * serves an older deployment, rows newer than it are roll-forward targets (the newest is the bad
 * build being fixed), and rows older than it are targets only if the served one is bad too: offering
 * them as plain rollbacks invited a second rollback by mistake.
 */
export function pagesRowAction<D extends { id: string; createdOn: string }>(
  row: D,
  position: PagesPosition<D>,
): PagesRowAction {
  const { live, rolledBack } = position;
  if (live && row.id === live.id) return "serving";
  if (!rolledBack || !live) return "roll-back";
  return Date.parse(row.createdOn) > Date.parse(live.createdOn) ? "roll-forward" : "if-bad-too";
}

/** One thing to do, in the order a reader should consider them; `target` is the deployment it moves Pages to. */
export interface PagesStep<D> {
  action: "verify" | "roll-back" | "roll-forward" | "if-bad-too";
  target: D | null;
  text: string;
}

export interface PagesAdvice<D> {
  /** `rolled-back`: Pages already serves an older deployment; `newest-live`: the newest good one is live. */
  situation: "newest-live" | "rolled-back" | "unknown";
  /** The sentence the reader sees first. */
  headline: string;
  steps: PagesStep<D>[];
}

/**
 * What to do with Pages, in order. After a rollback it says so first, names the served deployment
 * as the current state, and offers: verify it, roll forward once the newest is fixed, and only if the
 * served one is bad too, the deployment before it.
 */
export function pagesAdvice<D extends { id: string; shortId: string; createdOn: string; commit?: string | undefined }>(
  position: PagesPosition<D>,
): PagesAdvice<D> {
  const { live, lastGood, newest, rolledBack } = position;
  const name = (d: D) => `${d.shortId}${d.commit ? ` (commit ${shortSha(d.commit)})` : ""}`;
  if (!live) return { situation: "unknown", headline: "Pages reports no served production deployment.", steps: [] };
  if (rolledBack && newest) {
    const steps: PagesStep<D>[] = [
      { action: "verify", target: live, text: `Verify what is served now, ${name(live)}: run the checks of step 4.` },
      {
        action: "roll-forward",
        target: newest,
        text: `Roll forward to ${name(newest)} once its fix is deployed, or deploy the fix.`,
      },
    ];
    if (lastGood)
      steps.push({
        action: "if-bad-too",
        target: lastGood,
        text: `Only if ${live.shortId} is bad too: roll back further to ${name(lastGood)}.`,
      });
    return {
      situation: "rolled-back",
      headline: `Already rolled back: Pages serves ${name(live)}, the current state; the newest deployment ${newest.shortId} is not served. Verify it; roll forward when fixed.`,
      steps,
    };
  }
  if (!lastGood)
    return {
      situation: "newest-live",
      headline: `Live is ${name(live)}; there is no earlier successful production deployment to roll back to.`,
      steps: [],
    };
  return {
    situation: "newest-live",
    headline: `Live is the newest deployment ${name(live)}. Last good before it: ${name(lastGood)}.`,
    steps: [
      {
        action: "roll-back",
        target: lastGood,
        text: `Roll Pages back to ${name(lastGood)}, the last good deployment.`,
      },
    ],
  };
}
