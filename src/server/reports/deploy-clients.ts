/**
 * @module
 * The clients the version and rollback reports ask, built once per request from the environment's
 * config and the Function's bindings. A part the config does not describe is left undefined and
 * reported as such rather than guessed.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { type VersionEndpoint, versionEndpoints } from "../clients/app.ts";
import { type CloudflareClient, cloudflareClient } from "../clients/cloudflare.ts";
import { type GitHubClient, githubClient } from "../clients/github.ts";

/** How long a version or rollback answer may take in all, paging included. */
export const REPORT_DEADLINE_MS = 20_000;

export interface DeployClients {
  environment: ResolvedEnvironment;
  fetch: FetchLike;
  app: VersionEndpoint | undefined;
  convex: VersionEndpoint | undefined;
  staging: VersionEndpoint | undefined;
  pages: CloudflareClient | undefined;
  github: GitHubClient | undefined;
  /** Epoch ms by which reading must be over. */
  deadline: number;
}

export function deployClients(
  fetchImpl: FetchLike,
  environment: ResolvedEnvironment,
  bindings: object,
  options: { deadlineMs?: number; now?: () => number } = {},
): DeployClients {
  const endpoints = versionEndpoints(environment);
  const { cloudflare, github } = environment;
  const now = options.now ?? Date.now;
  const context = { fetch: fetchImpl, bindings, environmentId: environment.id };
  return {
    environment,
    fetch: fetchImpl,
    app: endpoints.app,
    convex: endpoints.convex,
    staging: endpoints.staging,
    pages: cloudflare ? cloudflareClient({ ...context, settings: cloudflare, now }) : undefined,
    github: github ? githubClient({ ...context, settings: github }) : undefined,
    deadline: now() + (options.deadlineMs ?? REPORT_DEADLINE_MS),
  };
}
