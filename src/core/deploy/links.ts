/**
 * @module
 * Links built from the config and upstream IDs only: Cloudflare and Convex dashboards, GitHub commit
 * and compare pages. Nothing a client sends ends up in one.
 */
import type { Environment } from "../config/environment.ts";
import type { ConfigLinks } from "./schemas.ts";

export type LinkSettings = Pick<Environment, "cloudflare" | "github" | "convex">;

function trim(base: string): string {
  return base.replace(/\/+$/, "");
}

/** `https://dash.cloudflare.com/{account}/pages/view/{project}`, the project's page in the dashboard. */
export function pagesProjectUrl(cloudflare: NonNullable<LinkSettings["cloudflare"]>): string {
  return `${trim(cloudflare.dashboardBase)}/${encodeURIComponent(cloudflare.accountId)}/pages/view/${encodeURIComponent(cloudflare.pagesProject)}`;
}

/** `.../pages/view/{project}/{deployment_id}`: one deployment, with its "Rollback to this deployment" action. */
export function pagesDeploymentUrl(cloudflare: NonNullable<LinkSettings["cloudflare"]>, deploymentId: string): string {
  return `${pagesProjectUrl(cloudflare)}/${encodeURIComponent(deploymentId)}`;
}

/** `https://dashboard.convex.dev/d/<deployment>`. */
export function convexDashboardUrl(convex: NonNullable<LinkSettings["convex"]>): string {
  return `${trim(convex.dashboardBase)}/d/${encodeURIComponent(convex.deployment)}`;
}

export function repositoryUrl(github: NonNullable<LinkSettings["github"]>): string {
  return `${trim(github.webBase)}/${github.repo}`;
}

export function commitUrl(github: NonNullable<LinkSettings["github"]>, sha: string): string {
  return `${repositoryUrl(github)}/commit/${encodeURIComponent(sha)}`;
}

/** `.../compare/{base}...{head}`: what head has that base lacks. */
export function compareUrl(github: NonNullable<LinkSettings["github"]>, base: string, head: string): string {
  return `${repositoryUrl(github)}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
}

/** The deploy workflow's runs page. */
export function deployRunsUrl(github: NonNullable<LinkSettings["github"]>): string {
  return `${repositoryUrl(github)}/actions/workflows/${encodeURIComponent(github.workflow)}`;
}

/** Every link the config alone gives, for the HTML that works without JavaScript and for each API answer. */
export function linksFromConfig(settings: LinkSettings): ConfigLinks {
  return {
    ...(settings.cloudflare && { pagesProject: pagesProjectUrl(settings.cloudflare) }),
    ...(settings.convex && { convexDashboard: convexDashboardUrl(settings.convex) }),
    ...(settings.github && { repository: repositoryUrl(settings.github), deployRuns: deployRunsUrl(settings.github) }),
  };
}
