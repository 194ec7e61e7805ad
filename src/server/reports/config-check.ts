/**
 * @module
 * `GET /api/config-check`: every required variable name of an environment, present or missing, in
 * the four places it must exist. The Function's own bindings are checked with `name in env`; the
 * others through their APIs (names only). A place that cannot be read is reported in its group, with
 * the command or dashboard that shows it by hand; the rest still answers.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { convexDashboardUrl, pagesProjectUrl, repositoryUrl } from "../../core/deploy/links.ts";
import type { Command, Link, Section } from "../../core/deploy/schemas.ts";
import type { ConfigCheckReport, VariableGroupReport, VariableState } from "../../core/incidents/schemas.ts";
import {
  convexTarget,
  type FixContext,
  type FoundNames,
  presence,
  type VariableGroupId,
} from "../../core/incidents/variables.ts";
import { cloudflareClient } from "../clients/cloudflare.ts";
import { convexClient } from "../clients/convex.ts";
import { githubClient } from "../clients/github.ts";
import { notConfigured } from "./not-configured.ts";

export async function configCheckReport(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  now: () => Date = () => new Date(),
): Promise<ConfigCheckReport> {
  const started = performance.now();
  const required = env.requiredVariables;
  const context: FixContext = {
    environmentId: env.id,
    productionLike: env.productionLike,
    pagesProject: env.cloudflare?.pagesProject,
    convexDeployment: env.convex?.deployment,
    repo: env.github?.repo,
  };
  const clientContext = { fetch: fetchImpl, bindings, environmentId: env.id };
  /** Asks a place only when something is required there. */
  const read = async (names: readonly string[], reader: () => Section<FoundNames> | Promise<Section<FoundNames>>) =>
    names.length === 0 ? ({ ok: true, data: new Map() } as const) : reader();

  const [pages, convex, github] = await Promise.all([
    read(required.pages, () =>
      env.cloudflare
        ? cloudflareClient({ ...clientContext, settings: env.cloudflare }).productionVariableNames()
        : notConfigured(env.id, "cloudflare settings"),
    ),
    read(required.convex, () =>
      env.convex
        ? convexClient({ ...clientContext, settings: env.convex }).variableNames()
        : notConfigured(env.id, "convex settings"),
    ),
    read(required.github, () =>
      env.github
        ? githubClient({ ...clientContext, settings: env.github }).variableNames()
        : notConfigured(env.id, "github settings"),
    ),
  ]);
  // Presence only: `in` never touches the value.
  const bound = new Map<string, true>(required.function.filter((name) => name in bindings).map((name) => [name, true]));

  const group = (
    id: VariableGroupId,
    label: string,
    found: Section<FoundNames>,
    commands: Command[] = [],
    links: Link[] = [],
  ): VariableGroupReport => ({
    group: id,
    label,
    required: [...required[id]],
    result: found.ok ? { ok: true, data: presence(id, required[id], found.data, context) } : found,
    commands,
    links,
  });

  const convexWhere = env.convex ? `Convex deployment ${env.convex.deployment}` : "Convex deployment";
  const groups: VariableGroupReport[] = [
    group("function", "This runbook's Function (its bindings)", { ok: true, data: bound }),
    group(
      "pages",
      env.cloudflare ? `Pages project ${env.cloudflare.pagesProject}, production` : "Pages project",
      pages,
      [],
      env.cloudflare
        ? [{ label: "Pages project → Settings → Variables and Secrets", href: pagesProjectUrl(env.cloudflare) }]
        : [],
    ),
    group(
      "convex",
      convexWhere,
      convex,
      [
        {
          label: "List the names yourself (cut keeps the names, not the values)",
          command: `npx convex env list ${convexTarget(context)} | cut -d= -f1`,
        },
      ],
      env.convex
        ? [
            {
              label: "Environment variables in the Convex dashboard",
              href: `${convexDashboardUrl(env.convex)}/settings/environment-variables`,
            },
          ]
        : [],
    ),
    group(
      "github",
      env.github ? `GitHub ${env.github.repo}: repository secrets and variables` : "GitHub repository",
      github,
      env.github
        ? [
            {
              label: "List them yourself",
              command: `gh secret list --repo ${env.github.repo} && gh variable list --repo ${env.github.repo}`,
            },
          ]
        : [],
      env.github
        ? [
            {
              label: "Repository → Settings → Secrets and variables → Actions",
              href: `${repositoryUrl(env.github)}/settings/secrets/actions`,
            },
          ]
        : [],
    ),
  ];

  const states: VariableState[] = groups.flatMap((g) => (g.result.ok ? g.result.data : []));
  const missing = states.filter((s) => !s.present).length;
  const unread = groups.some((g) => !g.result.ok);
  return {
    environment: env.id,
    status: missing > 0 ? "missing" : unread ? "incomplete" : "complete",
    missing,
    groups,
    checkedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}
