/**
 * @module
 * `GET /api/version`: the frontend and backend versions, the Pages deployment being served, the
 * latest deploy run, staging, and the drift between them. Every part is read at once; a part that
 * fails is reported in its own section and the rest still answers.
 */
import { sameCommit } from "../../core/deploy/commits.ts";
import { detectDrift } from "../../core/deploy/drift.ts";
import { commitUrl, compareUrl, linksFromConfig, pagesProjectUrl } from "../../core/deploy/links.ts";
import type { ReportedVersion, Section, StagingState, VersionReport } from "../../core/deploy/schemas.ts";
import { readVersion } from "../clients/app.ts";
import type { DeployClients } from "./deploy-clients.ts";
import { notConfigured } from "./not-configured.ts";
import { readPages } from "./pages-state.ts";

export async function versionReport(p: DeployClients, now: () => Date = () => new Date()): Promise<VersionReport> {
  const started = performance.now();
  const env = p.environment;
  const gh = env.github;
  const withCommitUrl = (s: Section<ReportedVersion>): Section<ReportedVersion> =>
    s.ok && gh ? { ok: true, data: { ...s.data, commitUrl: commitUrl(gh, s.data.commit) } } : s;

  const [frontend, backend, staging, pages, run] = await Promise.all([
    p.app ? readVersion(p.fetch, p.app).then(withCommitUrl) : notConfigured(env.id, "targets.app"),
    p.convex ? readVersion(p.fetch, p.convex).then(withCommitUrl) : notConfigured(env.id, "targets.convex"),
    p.staging ? readVersion(p.fetch, p.staging).then(withCommitUrl) : undefined,
    p.pages ? readPages(p.pages, env, p.deadline) : notConfigured(env.id, "cloudflare settings"),
    p.github ? p.github.latestDeployRun() : notConfigured(env.id, "github settings"),
  ]);

  let stagingSection: Section<StagingState> | undefined;
  if (staging) {
    if (!staging.ok) stagingSection = staging;
    else {
      let comparison: StagingState["comparison"];
      if (frontend.ok && p.github && !sameCommit(frontend.data.commit, staging.data.commit)) {
        const compared = await p.github.compare(frontend.data.commit, staging.data.commit);
        if (compared.ok)
          comparison = {
            status: compared.data.status,
            aheadBy: compared.data.aheadBy,
            behindBy: compared.data.behindBy,
          };
      }
      stagingSection = { ok: true, data: { version: staging.data, ...(comparison && { comparison }) } };
    }
  }

  const drift = detectDrift({
    frontend: frontend.ok ? frontend.data : undefined,
    backend: backend.ok ? backend.data : undefined,
    pages: pages.ok
      ? {
          live: pages.data.selection.live,
          newest: pages.data.selection.newest,
          failedSinceNewest: pages.data.failedSinceNewest,
        }
      : undefined,
    run: run.ok ? run.data : undefined,
    productionBranch: pages.ok ? pages.data.project.productionBranch : gh?.productionBranch,
    staging: stagingSection?.ok ? stagingSection.data : undefined,
    compare: gh ? (base, head) => compareUrl(gh, base, head) : undefined,
  });
  const sections = [frontend, backend, pages, run, ...(stagingSection ? [stagingSection] : [])];
  const status = drift.some((d) => d.severity === "warn")
    ? "drift"
    : sections.every((s) => s.ok)
      ? "in-sync"
      : "incomplete";

  return {
    environment: env.id,
    status,
    frontend,
    backend,
    pages: pages.ok
      ? {
          ok: true,
          data: {
            project: pages.data.project.name,
            productionBranch: pages.data.project.productionBranch,
            domains: pages.data.project.domains,
            live: pages.data.selection.live,
            newest: pages.data.selection.newest,
            dashboardUrl: env.cloudflare ? pagesProjectUrl(env.cloudflare) : "",
            searched: pages.data.searched,
            ...(pages.data.skipped.length > 0 && { skipped: pages.data.skipped }),
          },
        }
      : pages,
    deployRun: run,
    ...(stagingSection && { staging: stagingSection }),
    drift,
    links: linksFromConfig(env),
    checkedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}
