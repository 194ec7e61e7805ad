/**
 * @module
 * Reads the Pages project and its production deployments and picks live, newest and last good:
 * what both the version panel and the rollback links start from. Deployments are read page by page
 * until the live one and the successful one before it are both in, within the bound and deadline.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import {
  describeDeployment,
  failedSinceNewest,
  type RollbackSelection,
  selectRollbackTargets,
} from "../../core/deploy/rollback.ts";
import type { PagesDeployment, PagesSearch, Section } from "../../core/deploy/schemas.ts";
import type { CloudflareClient, DeploymentSearch, PagesProject } from "../clients/cloudflare.ts";

export interface PagesReading {
  project: PagesProject;
  deployments: PagesDeployment[];
  selection: RollbackSelection;
  failedSinceNewest: PagesDeployment | null;
  /** How far the list was read, in words when it matters. */
  searched: PagesSearch;
  /** Deployments left out for their shape. */
  skipped: string[];
}

export async function readPages(
  client: CloudflareClient,
  environment: ResolvedEnvironment,
  deadline: number,
): Promise<Section<PagesReading>> {
  const project = client.project();
  const describe = (list: readonly Parameters<typeof describeDeployment>[0][]) =>
    list.map((d) => describeDeployment(d, environment));
  const search = client.searchProductionDeployments({
    deadline,
    // The first page is asked together with the project; later pages only when the target is not in yet.
    done: async (list) => {
      const p = await project;
      if (!p.ok || !p.data.canonical) return true;
      const live = p.data.canonical.id;
      if (!list.some((d) => d.id === live)) return false;
      return selectRollbackTargets(describe(list), describeDeployment(p.data.canonical, environment)).lastGood !== null;
    },
  });
  const [p, found] = await Promise.all([project, search]);
  if (!p.ok) return p;
  if (!found.ok) return found;
  const described = describe(found.data.deployments);
  const canonical = p.data.canonical ? describeDeployment(p.data.canonical, environment) : null;
  const selection = selectRollbackTargets(described, canonical);
  return {
    ok: true,
    data: {
      project: p.data,
      deployments: described,
      selection,
      failedSinceNewest: failedSinceNewest(described, selection.newest),
      searched: searchSummary(found.data, environment),
      skipped: found.data.skipped,
    },
  };
}

/** How far the list was read, and why it stopped there, in the words the panels show. */
function searchSummary(s: DeploymentSearch, environment: ResolvedEnvironment): PagesSearch {
  const n = `${s.read} production deployment${s.read === 1 ? "" : "s"}`;
  const pages = `${s.pages} page${s.pages === 1 ? "" : "s"}`;
  const why: Record<DeploymentSearch["stoppedBy"], string> = {
    found: `Read the newest ${n} (${pages}): the live deployment and the one before it are in.`,
    end: `Read all ${n} (${pages}).`,
    bound: `Read the newest ${n} (${pages}), the most this runbook reads (environments.${environment.id}.cloudflare.maxDeployments in runbook.config.json).`,
    deadline: `Read the newest ${n} (${pages}) before this answer's time ran out; older ones were not read.`,
    error: `Read the newest ${n} (${pages}); the next page could not be read: ${s.error?.message ?? "unknown error"}`,
  };
  return {
    deployments: s.read,
    pages: s.pages,
    complete: s.stoppedBy === "found" || s.stoppedBy === "end",
    summary: why[s.stoppedBy],
  };
}
