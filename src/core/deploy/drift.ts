/**
 * @module
 * Drift: the ways production is not in one piece. Frontend and backend on different commits, Pages
 * serving something other than its newest deployment, a deploy that failed or is running, staging
 * ahead. Pure: it compares what the providers read.
 */
import { sameCommit, shortSha } from "./commits.ts";
import { runState } from "./run-states.ts";
import type { DeployRun, Drift, Link, PagesDeployment, ReportedVersion, StagingState } from "./schemas.ts";

export interface DriftInput {
  /** The app's own version endpoint: what users are served. */
  frontend?: ReportedVersion | undefined;
  /** The Convex version HTTP action. */
  backend?: ReportedVersion | undefined;
  pages?:
    | { live: PagesDeployment | null; newest: PagesDeployment | null; failedSinceNewest: PagesDeployment | null }
    | undefined;
  /** The latest deploy workflow run on the production branch (null: none yet). */
  run?: DeployRun | null | undefined;
  productionBranch?: string | undefined;
  staging?: StagingState | undefined;
  /** Builds a GitHub compare link, when the environment names a repository. */
  compare?: ((base: string, head: string) => string) | undefined;
}

function compareLink(input: DriftInput, base: string, head: string, label: string): { link?: Link } {
  return input.compare ? { link: { label, href: input.compare(base, head) } } : {};
}

/** Every drift the inputs show, worst first. Missing inputs simply contribute nothing. */
export function detectDrift(input: DriftInput): Drift[] {
  const found: Drift[] = [];
  const { frontend, backend, pages, run, staging } = input;
  const live = pages?.live ?? null;

  if (frontend && backend && !sameCommit(frontend.commit, backend.commit))
    found.push({
      code: "frontend_backend_mismatch",
      severity: "warn",
      title: "Frontend and backend run different commits",
      detail: `The app reports ${shortSha(frontend.commit)}, the Convex backend ${shortSha(backend.commit)}. One was deployed or rolled back without the other; make sure the two still fit together.`,
      ...compareLink(input, backend.commit, frontend.commit, "Changes between backend and frontend"),
    });

  if (live && pages?.newest && live.id !== pages.newest.id)
    found.push({
      code: "rolled_back",
      severity: "warn",
      title: "Pages serves an older deployment: rolled back",
      detail: `Pages serves ${live.shortId}${commitNote(live)} from ${live.createdOn}, not the newest production deployment ${pages.newest.shortId}${commitNote(pages.newest)}. The next push to ${input.productionBranch ?? "the production branch"} deploys again: revert in Git first.`,
      ...(live.commit && pages.newest.commit
        ? compareLink(input, live.commit, pages.newest.commit, "What the rollback took out")
        : { link: { label: "Served deployment in the dashboard", href: live.dashboardUrl } }),
    });

  if (frontend && live?.commit && !sameCommit(frontend.commit, live.commit))
    found.push({
      code: "app_not_canonical",
      severity: "warn",
      title: "The app reports another commit than the deployment Pages serves",
      detail: `/version.json says ${shortSha(frontend.commit)}, Pages' served deployment ${live.shortId} is ${shortSha(live.commit)}. A cache, another Pages project or a stale version file; trust what the app reports.`,
      link: { label: "Served deployment in the dashboard", href: live.dashboardUrl },
    });

  const failed = pages?.failedSinceNewest;
  if (failed)
    found.push({
      code: "newer_deployment_failed",
      severity: "warn",
      title: "The newest production deployment failed",
      detail: `Deployment ${failed.shortId}${commitNote(failed)} from ${failed.createdOn} failed at ${failed.stage.name}; users still get ${live?.shortId ?? "an earlier deployment"}.`,
      link: { label: "Failed deployment in the dashboard", href: failed.dashboardUrl },
    });

  const runDrift = run ? deployRunDrift(run, input.productionBranch) : undefined;
  if (runDrift) found.push(runDrift);

  if (staging && frontend && !sameCommit(staging.version.commit, frontend.commit)) {
    const status = staging.comparison?.status;
    const prod = shortSha(frontend.commit);
    const stg = shortSha(staging.version.commit);
    const detail =
      status === "ahead"
        ? `Staging runs ${stg}, ${plural(staging.comparison?.aheadBy ?? 0, "commit")} ahead of production (${prod}): that is what the next deploy ships.`
        : status === "behind"
          ? `Staging runs ${stg}, ${plural(staging.comparison?.behindBy ?? 0, "commit")} behind production (${prod}): production has code staging never ran.`
          : status === "diverged"
            ? `Staging (${stg}) and production (${prod}) have diverged: each has commits the other lacks.`
            : `Staging runs ${stg}, production ${prod}.`;
    found.push({
      code: "staging_differs",
      severity: status === "ahead" || status === undefined ? "info" : "warn",
      title:
        status === "behind"
          ? "Staging is behind production"
          : status === "diverged"
            ? "Staging and production diverged"
            : "Staging is ahead of production",
      detail,
      ...compareLink(input, frontend.commit, staging.version.commit, "Changes from production to staging"),
    });
  }

  return found.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "warn" ? -1 : 1));
}

/**
 * The latest deploy run as drift, worded by the run-state table: a warning when production missed a
 * deploy (failed, timed out, cancelled, failed to start), a note while one is going or waits for an
 * approval, nothing when it succeeded or ended without a verdict (stale, neutral, skipped).
 */
function deployRunDrift(run: DeployRun, branch: string | undefined): Drift | undefined {
  const state = runState(run.status, run.conclusion);
  if (state.drift === "none") return undefined;
  const link = { label: `Run #${run.runNumber} on GitHub`, href: run.htmlUrl };
  const on = branch ?? "the production branch";
  if (state.drift === "warn")
    return {
      code: "deploy_run_failed",
      severity: "warn",
      title: `The latest deploy run on ${on} ${state.words}`,
      detail: `Run #${run.runNumber} for commit ${shortSha(run.headSha)} did not deploy. ${state.next}`,
      link,
    };
  return {
    code: "deploy_run_in_progress",
    severity: "info",
    title:
      state.verdict === "waiting" ? `The latest deploy run on ${on} waits for an approval` : "A deploy is running now",
    detail: `Run #${run.runNumber} for commit ${shortSha(run.headSha)} ${state.words}. ${state.next}`,
    link,
  };
}

function commitNote(d: PagesDeployment): string {
  return d.commit ? ` (commit ${shortSha(d.commit)})` : "";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
