/**
 * @module
 * The app's own endpoints. The version endpoints Dashtray exposes itself (the frontend's
 * `/version.json`, served by Pages, and the Convex HTTP action `/version`): Pages build variables do
 * not exist here (Dashtray builds in GitHub Actions), so these say which commit is live. And the
 * payments webhook endpoint the webhook probe posts to.
 */
import { z } from "zod";
import { type FetchLike, type ProbeOutcome, probe } from "../../core/checks/probe.ts";
import { joinUrl } from "../../core/checks/run.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { COMMIT_SHA } from "../../core/deploy/commits.ts";
import type { ReportedVersion, Section } from "../../core/deploy/schemas.ts";
import { getJson } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

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
  /** Who is failing when it answers 5xx: the app or Convex itself, not Cloudflare's API or the runbook. */
  serverErrorHint?: string;
}

const appDown =
  "the app itself is failing (down or erroring), not Cloudflare's API or this runbook; run the checks of step 4 and see Common Issues";

/** The app, Convex and staging version endpoints of an environment, from its targets and `versionPaths` only. */
export function versionEndpoints(environment: {
  targets: Record<string, string>;
  versionPaths: { app: string; convex: string };
}): {
  app?: VersionEndpoint;
  convex?: VersionEndpoint;
  staging?: VersionEndpoint;
} {
  const { targets, versionPaths } = environment;
  return {
    ...(targets.app && {
      app: {
        name: "The app's version endpoint",
        url: joinUrl(targets.app, versionPaths.app),
        serverErrorHint: appDown,
      },
    }),
    ...(targets.convex && {
      convex: {
        name: "The Convex version HTTP action",
        url: joinUrl(targets.convex, versionPaths.convex),
        serverErrorHint:
          "the Convex backend itself is failing (down or erroring), not this runbook; check the Convex dashboard and `npx convex logs`",
      },
    }),
    ...(targets.staging && {
      staging: {
        name: "Staging's version endpoint",
        url: joinUrl(targets.staging, versionPaths.app),
        serverErrorHint: "the staging app itself is failing (down or erroring), not this runbook",
      },
    }),
  };
}

/** Reads one version endpoint. */
export async function readVersion(
  fetchImpl: FetchLike,
  endpoint: VersionEndpoint,
  timeoutMs?: number,
): Promise<Section<ReportedVersion>> {
  const answer = await getJson({
    fetch: fetchImpl,
    url: endpoint.url,
    upstream: {
      name: endpoint.name,
      notFoundHint: `nothing at ${endpoint.url}; check the target and versionPaths in runbook.config.json, and that the deployed build serves it`,
      serverErrorHint: endpoint.serverErrorHint,
      shapeHint:
        "Check the target and versionPaths in runbook.config.json: the URL may point at something other than the version endpoint",
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

/** The payments webhook endpoint of an environment, and the test-mode signing secret when bound. */
export interface WebhookEndpoint {
  url: string;
  /** From the binding `webhooks.secretVariable` names; undefined when it is not set. */
  signingSecret: string | undefined;
  /** POSTs `body` once, no redirects followed, the answer read up to a few KB. */
  send(headers: Record<string, string>, body: string): Promise<ProbeOutcome>;
}

const WEBHOOK_TIMEOUT_MS = 5_000;
/** An error answer is a few hundred bytes; the probe reads no more than this of one. */
const MAX_WEBHOOK_ANSWER_BYTES = 64 * 1024;

/** Undefined when the environment has no webhooks settings or their target is not configured. */
export function webhookEndpoint(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
): WebhookEndpoint | undefined {
  const settings = env.webhooks;
  const base = settings ? env.targets[settings.target] : undefined;
  if (!settings || !base) return undefined;
  const url = joinUrl(base, settings.path);
  return {
    url,
    signingSecret: tokenFrom(bindings, settings.secretVariable),
    send: (headers, body) =>
      probe(fetchImpl, {
        method: "POST",
        url,
        headers: { "content-type": "application/json", "user-agent": "dashtray-runbook (webhook probe)", ...headers },
        body,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        maxBytes: MAX_WEBHOOK_ANSWER_BYTES,
        followRedirects: false,
        allowedOrigins: [new URL(url).origin],
      }),
  };
}
