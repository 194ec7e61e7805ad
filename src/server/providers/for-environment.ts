/**
 * @module
 * The providers of one environment, built from its config and the Function's bindings. A part the
 * config does not describe is reported as such rather than guessed.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { SectionError } from "../../core/deploy/schemas.ts";
import { cloudflarePages, type PagesProvider } from "./cloudflare-pages.ts";
import { type GitHubProvider, github } from "./github.ts";
import { failure, tokenFrom } from "./upstream.ts";
import { type VersionEndpoint, versionEndpoints } from "./version-endpoint.ts";

export interface DeployProviders {
  environment: ResolvedEnvironment;
  fetch: FetchLike;
  app: VersionEndpoint | undefined;
  convex: VersionEndpoint | undefined;
  staging: VersionEndpoint | undefined;
  pages: PagesProvider | undefined;
  github: GitHubProvider | undefined;
}

export function providersFor(fetchImpl: FetchLike, environment: ResolvedEnvironment, bindings: object): DeployProviders {
  const endpoints = versionEndpoints(environment);
  const { cloudflare, github: gh } = environment;
  return {
    environment,
    fetch: fetchImpl,
    app: endpoints.app,
    convex: endpoints.convex,
    staging: endpoints.staging,
    pages: cloudflare
      ? cloudflarePages({
          fetch: fetchImpl,
          settings: cloudflare,
          token: tokenFrom(bindings, cloudflare.tokenVariable),
          environmentId: environment.id,
        })
      : undefined,
    github: gh
      ? github({ fetch: fetchImpl, settings: gh, token: tokenFrom(bindings, gh.tokenVariable), environmentId: environment.id })
      : undefined,
  };
}

/** The failure for a part this environment's config leaves out. */
export function notConfigured(environmentId: string, what: string): { ok: false; error: SectionError } {
  return failure("not_configured", `Environment "${environmentId}" has no ${what} in runbook.config.json.`);
}
