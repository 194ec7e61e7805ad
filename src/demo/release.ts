/**
 * @module
 * What is live right now, given the scenario switches: the Pages deployment being served, the
 * frontend build it carries, and the commit the Convex backend runs.
 */
import { DEMO_DEPLOYMENTS, type DemoDeployment, findCommit } from "./history.ts";
import type { DemoSettings } from "./settings.ts";

export interface FrontendRelease {
  version: string;
  commit: string;
  builtAt: string;
}

export interface BackendRelease {
  commit: string;
  builtAt: string;
}

const successfulProduction = DEMO_DEPLOYMENTS.filter(
  (d) => d.environment === "production" && d.stage.status === "success",
);

/** The newest deployment of any kind: Cloudflare's `latest_deployment`. */
export function latestDeployment(): DemoDeployment {
  return required(DEMO_DEPLOYMENTS[0], "no deployments");
}

/**
 * The deployment Pages serves (`canonical_deployment`). Normally the newest successful production
 * one; after a rollback, the successful production deployment before it.
 */
export function canonicalDeployment(pagesScenario: DemoSettings["pagesScenario"]): DemoDeployment {
  const index = pagesScenario === "rolled-back" ? 1 : 0;
  return required(successfulProduction[index], "not enough successful production deployments");
}

/** A bad deploy is live: the newest production deployment is broken (`newestDeploy`) and Pages serves it. */
export function servesBrokenDeploy(settings: Pick<DemoSettings, "newestDeploy" | "pagesScenario">): boolean {
  return settings.newestDeploy === "broken" && settings.pagesScenario === "normal";
}

/** The build info the frontend reports in `/version.json` and `/api/health`. */
export function frontendRelease(settings: Pick<DemoSettings, "pagesScenario">): FrontendRelease {
  const served = canonicalDeployment(settings.pagesScenario);
  return { version: served.version, commit: served.commitSha, builtAt: served.createdOn };
}

/**
 * The commit Convex runs. Convex moves only when it is deployed, like the real service: a Pages rollback
 * leaves it on the newest production deployment's commit (it was deployed with it), and only a Convex
 * redeploy (`convexCommit`) moves it back. Mismatch: the commit before the newest one, as when the
 * backend deploy of the newest release failed.
 */
export function backendRelease(
  settings: Pick<DemoSettings, "pagesScenario" | "versionScenario"> & Partial<Pick<DemoSettings, "convexCommit">>,
): BackendRelease {
  if (settings.convexCommit) {
    const redeployed = findCommit(settings.convexCommit);
    return { commit: settings.convexCommit, builtAt: redeployed?.date ?? new Date(0).toISOString() };
  }
  const newest = canonicalDeployment("normal");
  if (settings.versionScenario === "matched") return { commit: newest.commitSha, builtAt: newest.createdOn };
  const other = required(findCommit(newest.commitSha)?.parent ?? undefined, "newest commit has no parent");
  const otherDeployment = DEMO_DEPLOYMENTS.find((d) => d.commitSha === other);
  return { commit: other, builtAt: otherDeployment?.createdOn ?? required(findCommit(other), "unknown commit").date };
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(`[demo release] ${message}`);
  return value;
}
