/**
 * @module
 * Reads the Pages project and its production deployments together and picks live, newest and last
 * good: what both the version panel and the rollback links start from.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { describeDeployment, failedSinceNewest, type RollbackSelection, selectRollbackTargets } from "../../core/deploy/rollback.ts";
import type { PagesDeployment, Section } from "../../core/deploy/schemas.ts";
import type { PagesProject, PagesProvider } from "./cloudflare-pages.ts";

export interface PagesReading {
  project: PagesProject;
  deployments: PagesDeployment[];
  selection: RollbackSelection;
  failedSinceNewest: PagesDeployment | null;
}

export async function readPages(provider: PagesProvider, environment: ResolvedEnvironment): Promise<Section<PagesReading>> {
  const [project, deployments] = await Promise.all([provider.project(), provider.productionDeployments()]);
  if (!project.ok) return project;
  if (!deployments.ok) return deployments;
  const described = deployments.data.map((d) => describeDeployment(d, environment));
  const canonical = project.data.canonical ? describeDeployment(project.data.canonical, environment) : null;
  const selection = selectRollbackTargets(described, canonical);
  return {
    ok: true,
    data: { project: project.data, deployments: described, selection, failedSinceNewest: failedSinceNewest(described, selection.newest) },
  };
}
