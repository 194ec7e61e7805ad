/**
 * @module
 * `GET /api/rollback`: for Pages, the successful production deployments with live and last good
 * marked; for Convex, the commit to redeploy; for Git, the range to revert. Commands carry the real
 * IDs and SHAs; the Cloudflare token stays a shell variable.
 */

import { convexRedeployCommands, gitRevertCommands, pagesRollbackCommand, shellQuote } from "../../core/deploy/commands.ts";
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import { commitUrl, compareUrl, convexDashboardUrl, linksFromConfig, pagesProjectUrl } from "../../core/deploy/links.ts";
import { restorePlan } from "../../core/deploy/rollback.ts";
import type {
  Command,
  ConvexRollback,
  GitRollback,
  PagesDeployment,
  PagesRollback,
  RollbackCandidate,
  RollbackReport,
  Section,
} from "../../core/deploy/schemas.ts";
import { type DeployProviders, notConfigured } from "./for-environment.ts";
import { type PagesReading, readPages } from "./pages-state.ts";
import { failure } from "./upstream.ts";
import { readVersion } from "./version-endpoint.ts";

export async function rollbackReport(p: DeployProviders, now: () => Date = () => new Date()): Promise<RollbackReport> {
  const started = performance.now();
  const env = p.environment;
  const [pages, backend] = await Promise.all([
    p.pages ? readPages(p.pages, env) : notConfigured(env.id, "cloudflare settings"),
    p.convex ? readVersion(p.fetch, p.convex) : notConfigured(env.id, "targets.convex"),
  ]);
  const plan = pages.ok ? restorePlan(pages.data.selection) : undefined;
  // Convex and Git go back to what the Pages history says was good; without it there is no target.
  const noPlan = !pages.ok
    ? failure("needs_pages", `The rollback target comes from the Pages deployment list, which could not be read. ${pages.error.message}`)
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
    git = {
      ok: true,
      data: {
        good: { sha: plan.good, url: commitUrl(env.github, plan.good) },
        bad: { sha: plan.bad, url: commitUrl(env.github, plan.bad) },
        reason: plan.reason,
        compareUrl: compareUrl(env.github, plan.good, plan.bad),
        commitCount: compared?.ok ? compared.data.aheadBy : null,
        mergeCommits,
        commands: gitRevertCommands(plan.good, plan.bad, env.github.productionBranch, mergeCommits),
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

function pagesRollback(p: DeployProviders, reading: PagesReading): PagesRollback {
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
  if (p.app) commands.push({ label: "Confirm what users get (the app's own version)", command: `curl -fsS ${shellQuote(p.app.url)}` });
  return {
    project: reading.project.name,
    rolledBack: selection.rolledBack,
    live: find(selection.live),
    lastGood: find(selection.lastGood),
    newest: find(selection.newest),
    candidates,
    commands,
    dashboardUrl: pagesProjectUrl(cloudflare),
  };
}

function commitNote(d: PagesDeployment): string {
  return d.commit ? ` (commit ${shortSha(d.commit)})` : "";
}
