/**
 * @module
 * `GET /api/rollback`: for Pages, the successful production deployments with live and last good
 * marked; for Convex, the commit to redeploy; for Git, the range to revert. Commands carry the real
 * IDs and SHAs; the Cloudflare token stays a shell variable.
 */

import {
  convexRedeployCommands,
  gitRevertCommands,
  pagesRollbackCommand,
  shellQuote,
} from "../../core/deploy/commands.ts";
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import {
  commitUrl,
  compareUrl,
  convexDashboardUrl,
  linksFromConfig,
  pagesProjectUrl,
} from "../../core/deploy/links.ts";
import { type RestorePlan, restorePlan } from "../../core/deploy/rollback.ts";
import type {
  Command,
  ConvexRollback,
  GitRollback,
  PagesDeployment,
  PagesRollback,
  RollbackCandidate,
  RollbackReport,
  Section,
  SectionError,
} from "../../core/deploy/schemas.ts";
import { readVersion } from "../clients/app.ts";
import { failure } from "../clients/http.ts";
import type { DeployClients } from "./deploy-clients.ts";
import { notConfigured } from "./not-configured.ts";
import { type PagesReading, readPages } from "./pages-state.ts";

export async function rollbackReport(p: DeployClients, now: () => Date = () => new Date()): Promise<RollbackReport> {
  const started = performance.now();
  const env = p.environment;
  const [pages, backend] = await Promise.all([
    p.pages ? readPages(p.pages, env, p.deadline) : notConfigured(env.id, "cloudflare settings"),
    p.convex ? readVersion(p.fetch, p.convex) : notConfigured(env.id, "targets.convex"),
  ]);
  const plan = pages.ok ? withSearch(restorePlan(pages.data.selection), pages.data) : undefined;
  // Convex and Git go back to what the Pages history says was good; without it there is no target.
  const noPlan = !pages.ok
    ? failure(
        "needs_pages",
        `The rollback target comes from the Pages deployment list, which could not be read. ${pages.error.message}`,
      )
    : plan && !plan.ok
      ? failure("no_target", plan.message)
      : undefined;

  let convex: Section<ConvexRollback>;
  if (!env.convex) convex = notConfigured(env.id, "convex settings");
  else if (noPlan || !plan?.ok) convex = noPlan ?? failure("no_target", "no rollback target");
  else {
    const current = backend.ok ? backend.data.commit : null;
    const link = (sha: string) => (env.github ? commitUrl(env.github, sha) : "");
    convex = {
      ok: true,
      data: {
        deployment: env.convex.deployment,
        dashboardUrl: convexDashboardUrl(env.convex),
        current: current ? { sha: current, url: link(current) } : null,
        target: { sha: plan.good, url: link(plan.good) },
        reason: plan.reason,
        upToDate: current !== null && sameCommit(current, plan.good),
        commands: convexRedeployCommands(plan.good, p.convex?.url),
      },
    };
  }

  let git: Section<GitRollback>;
  if (!env.github) git = notConfigured(env.id, "github settings");
  else if (noPlan || !plan?.ok) git = noPlan ?? failure("no_target", "no rollback target");
  else {
    const compared = p.github ? await p.github.compare(plan.good, plan.bad) : undefined;
    const mergeCommits = compared?.ok ? compared.data.mergeCommits : null;
    const warning =
      compared && !compared.ok ? compareWarning(compared.error, plan.good, plan.bad, env.github.repo) : undefined;
    git = {
      ok: true,
      data: {
        good: { sha: plan.good, url: commitUrl(env.github, plan.good) },
        bad: { sha: plan.bad, url: commitUrl(env.github, plan.bad) },
        reason: plan.reason,
        compareUrl: compareUrl(env.github, plan.good, plan.bad),
        commitCount: compared?.ok ? compared.data.aheadBy : null,
        mergeCommits,
        ...(warning && { warning }),
        commands: gitRevertCommands(
          plan.good,
          plan.bad,
          env.github.productionBranch,
          mergeCommits,
          warning?.code === COMMIT_UNKNOWN,
        ),
      },
    };
  }

  return {
    environment: env.id,
    pages: pages.ok ? { ok: true, data: pagesRollback(p, pages.data) } : pages,
    convex,
    git,
    links: linksFromConfig(env),
    checkedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

const COMMIT_UNKNOWN = "commit_unknown";

/**
 * What the git section says when GitHub's compare did not answer. A 404 or 422 means GitHub does not
 * know one of the commits (it answers so for a SHA that was never pushed or was force-pushed away), so
 * the revert commands would fail or revert the wrong thing: the warning names both commits.
 */
function compareWarning(error: SectionError, good: string, bad: string, repo: string): SectionError {
  if (error.code === "not_found" || error.code === "invalid_request")
    return {
      code: COMMIT_UNKNOWN,
      message: `GitHub does not know commit ${bad} or ${good} in ${repo}: its compare answered HTTP ${error.code === "not_found" ? "404 (or the token cannot see the repository)" : 422}. A commit that was never pushed, or was force-pushed away, cannot be reverted from the branch: check that both exist in your clone (the first command) before reverting.`,
    };
  return {
    code: error.code,
    message: `GitHub's compare of ${shortSha(good)}..${shortSha(bad)} could not be read, so the commit count and merge commits are unknown: ${error.message}`,
  };
}

/**
 * "Nothing earlier to go back to" is only true when the whole list was read; otherwise the answer
 * says how far it looked ("none in the newest 200").
 */
function withSearch(plan: RestorePlan, reading: PagesReading): RestorePlan {
  const { live, lastGood, rolledBack } = reading.selection;
  if (plan.ok || !live || lastGood || rolledBack || reading.searched.complete) return plan;
  return {
    ok: false,
    message: `No successful production deployment before the live one ${live.shortId} in the newest ${reading.searched.deployments}: ${reading.searched.summary} Find an older one in the Pages dashboard.`,
  };
}

function pagesRollback(p: DeployClients, reading: PagesReading): PagesRollback {
  const cloudflare = p.environment.cloudflare;
  if (!cloudflare) throw new Error("[rollback] Pages was read without cloudflare settings");
  const { selection } = reading;
  const mark = (d: PagesDeployment): RollbackCandidate => ({
    ...d,
    live: d.id === selection.live?.id,
    lastGood: d.id === selection.lastGood?.id,
    rollbackCommand: pagesRollbackCommand(cloudflare, d.id),
  });
  const candidates = selection.candidates.map(mark);
  const find = (d: PagesDeployment | null) => (d ? (candidates.find((c) => c.id === d.id) ?? mark(d)) : null);
  const commands: Command[] = [];
  if (selection.lastGood)
    commands.push({
      label: `Roll Pages back to ${selection.lastGood.shortId}${commitNote(selection.lastGood)}, the last good deployment (token with Cloudflare Pages: Edit)`,
      command: pagesRollbackCommand(cloudflare, selection.lastGood.id),
    });
  if (selection.rolledBack && selection.newest)
    commands.push({
      label: `Roll forward to the newest production deployment ${selection.newest.shortId}${commitNote(selection.newest)}, once it is fixed`,
      command: pagesRollbackCommand(cloudflare, selection.newest.id),
    });
  if (p.app)
    commands.push({
      label: "Confirm what users get (the app's own version)",
      command: `curl -fsS ${shellQuote(p.app.url)}`,
    });
  return {
    project: reading.project.name,
    rolledBack: selection.rolledBack,
    live: find(selection.live),
    lastGood: find(selection.lastGood),
    newest: find(selection.newest),
    candidates,
    commands,
    dashboardUrl: pagesProjectUrl(cloudflare),
    searched: reading.searched,
    ...(reading.skipped.length > 0 && { skipped: reading.skipped }),
  };
}

function commitNote(d: PagesDeployment): string {
  return d.commit ? ` (commit ${shortSha(d.commit)})` : "";
}
