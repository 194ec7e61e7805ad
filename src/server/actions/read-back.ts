/**
 * @module
 * After an ambiguous answer to the Pages rollback: which deployment Pages serves now (the project's
 * `canonical_deployment`) and which commit the app itself reports (its version endpoint). The project
 * decides; the app decides only where the project cannot be read and the two commits differ.
 */
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import { pagesDeploymentUrl } from "../../core/deploy/links.ts";
import type { DeploymentRef } from "../../core/deploy/rollback-action.ts";
import { readVersion } from "../clients/app.ts";
import type { DeployClients } from "../reports/deploy-clients.ts";
import { named } from "./refs.ts";

export interface PagesReadBack {
  switched: boolean | null;
  /** What Pages serves (and the app reports), or why it could not be told. */
  said: string;
  liveId: string | null;
}

export async function readBackPages(
  clients: DeployClients,
  from: DeploymentRef,
  to: DeploymentRef,
): Promise<PagesReadBack> {
  const [project, app] = await Promise.all([
    clients.pages?.project(),
    clients.app ? readVersion(clients.fetch, clients.app) : undefined,
  ]);
  const commit = app?.ok ? app.data.commit : null;
  const appSays = commit ? `, and the app reports commit ${shortSha(commit)}` : "";
  const canonical = project?.ok ? project.data.canonical : null;
  if (canonical) {
    if (canonical.id === to.id)
      return { switched: true, said: `Pages serves ${named(to)}${appSays}`, liveId: canonical.id };
    const still =
      canonical.id === from.id ? named(from) : `${canonical.shortId}, neither the one it served nor the target`;
    return { switched: false, said: `Pages still serves ${still}${appSays}`, liveId: canonical.id };
  }
  const why = project && !project.ok ? project.error.message : "Pages reports no served production deployment";
  const distinct = to.commit && from.commit && !sameCommit(to.commit, from.commit);
  if (commit && distinct && to.commit && sameCommit(commit, to.commit))
    return {
      switched: true,
      said: `the app reports commit ${shortSha(commit)}, the target's (the Pages project could not be read: ${why})`,
      liveId: to.id,
    };
  if (commit && distinct && from.commit && sameCommit(commit, from.commit))
    return {
      switched: false,
      said: `the app still reports commit ${shortSha(commit)}, the one it ran (the Pages project could not be read: ${why})`,
      liveId: from.id,
    };
  return {
    switched: null,
    said: `what Pages serves could not be read back: ${why}${app && !app.ok ? `; ${app.error.message}` : ""}`,
    liveId: null,
  };
}

/** The exact way to check by hand which deployment Pages serves. */
export function howToCheckPages(clients: DeployClients, to: DeploymentRef): string {
  const cloudflare = clients.environment.cloudflare;
  const dashboard = cloudflare
    ? `open ${pagesDeploymentUrl(cloudflare, to.id)} and see whether it is marked as the production deployment, or run \`npx wrangler pages deployment list --project-name ${cloudflare.pagesProject} --environment production\``
    : "look at the Pages dashboard";
  const version = clients.app ? `; \`curl -fsS ${clients.app.url}\` shows the commit the app reports` : "";
  return `${dashboard}${version}. Do not press again before you know.`;
}
