/**
 * @module
 * The version endpoints Dashtray exposes itself: the frontend's `/version.json` (served by Pages)
 * and the Convex HTTP action `/version`. Pages build variables do not exist here (Dashtray builds in
 * GitHub Actions), so these are what says which commit is live.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import { joinUrl } from "../../core/checks/run.ts";
import { COMMIT_SHA } from "../../core/deploy/commits.ts";
import type { ReportedVersion, Section } from "../../core/deploy/schemas.ts";
import { getJson } from "./upstream.ts";

/** `{ "commit": "<sha>", "version"?, "builtAt"?, "deployment"? }`; other fields are allowed and ignored. */
export const versionBody = z.looseObject({
  commit: z.string().regex(COMMIT_SHA, { message: "expected the deployed Git commit SHA (7-40 hex characters)" }),
  version: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .optional(),
  builtAt: z.string().optional(),
  deployment: z.string().optional(),
});

/** Version endpoints answer a few hundred bytes; anything near this is not one. */
const MAX_VERSION_BYTES = 64 * 1024;

export interface VersionEndpoint {
  /** What the messages call it: "the app's version endpoint". */
  name: string;
  url: string;
}

/** The app, Convex and staging version endpoints of an environment, from its targets and `versionPaths` only. */
export function versionEndpoints(environment: { targets: Record<string, string>; versionPaths: { app: string; convex: string } }): {
  app?: VersionEndpoint;
  convex?: VersionEndpoint;
  staging?: VersionEndpoint;
} {
  const { targets, versionPaths } = environment;
  return {
    ...(targets.app && { app: { name: "The app's version endpoint", url: joinUrl(targets.app, versionPaths.app) } }),
    ...(targets.convex && { convex: { name: "The Convex version HTTP action", url: joinUrl(targets.convex, versionPaths.convex) } }),
    ...(targets.staging && { staging: { name: "Staging's version endpoint", url: joinUrl(targets.staging, versionPaths.app) } }),
  };
}

/** Reads one version endpoint. */
export async function readVersion(fetchImpl: FetchLike, endpoint: VersionEndpoint, timeoutMs?: number): Promise<Section<ReportedVersion>> {
  const answer = await getJson({
    fetch: fetchImpl,
    url: endpoint.url,
    upstream: {
      name: endpoint.name,
      notFoundHint: `nothing at ${endpoint.url}; check the target and versionPaths in runbook.config.json, and that the deployed build serves it`,
    },
    schema: versionBody,
    maxBytes: MAX_VERSION_BYTES,
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
  if (!answer.ok) return answer;
  const { commit, version, builtAt, deployment } = answer.data;
  return {
    ok: true,
    data: {
      url: endpoint.url,
      commit: commit.toLowerCase(),
      ...(version !== undefined && { version }),
      ...(builtAt !== undefined && { builtAt }),
      ...(deployment !== undefined && { deployment }),
    },
  };
}
