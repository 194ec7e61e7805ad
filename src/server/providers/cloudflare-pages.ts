/**
 * @module
 * The Cloudflare Pages API, read-only: the project (production branch, domains, the canonical
 * deployment Pages serves) and its production deployments. Every answer is the documented envelope
 * `{ success, errors, messages, result }`.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import { COMMIT_SHA } from "../../core/deploy/commits.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { getJson, missingToken, type Upstream } from "./upstream.ts";

const message = z.looseObject({ code: z.number(), message: z.string() });

function envelope<T extends z.ZodType>(result: T) {
  return z.looseObject({ success: z.literal(true), errors: z.array(message), messages: z.array(z.unknown()), result });
}

/** A deployment as the API documents it; ids go into commands and links, so they must be plain. */
export const cloudflareDeployment = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: "expected a deployment id" }),
  short_id: z.string().optional(),
  environment: z.string(),
  url: z.string(),
  created_on: z.string(),
  latest_stage: z.looseObject({ name: z.string(), status: z.string() }),
  deployment_trigger: z
    .looseObject({
      type: z.string().optional(),
      metadata: z
        .looseObject({ branch: z.string().nullish(), commit_hash: z.string().nullish(), commit_message: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});
export type CloudflareDeployment = z.output<typeof cloudflareDeployment>;

export const cloudflareProject = z.looseObject({
  name: z.string(),
  production_branch: z.string(),
  domains: z.array(z.string()).nullish(),
  canonical_deployment: cloudflareDeployment.nullish(),
  latest_deployment: cloudflareDeployment.nullish(),
});

export const projectResponse = envelope(cloudflareProject);
export const deploymentsResponse = envelope(z.array(cloudflareDeployment));

export interface PagesProject {
  name: string;
  productionBranch: string;
  domains: string[];
  canonical: DeploymentRecord | null;
  latest: DeploymentRecord | null;
}

export interface PagesProvider {
  project(): Promise<Section<PagesProject>>;
  /** One page (25) of production deployments, newest first. */
  productionDeployments(): Promise<Section<DeploymentRecord[]>>;
}

/** The API's deployment reduced to what the runbook reads; a commit hash that is not a SHA is dropped. */
export function toRecord(d: CloudflareDeployment): DeploymentRecord {
  const meta = d.deployment_trigger?.metadata;
  const commit = meta?.commit_hash && COMMIT_SHA.test(meta.commit_hash) ? meta.commit_hash.toLowerCase() : undefined;
  const commitMessage = meta?.commit_message?.split("\n")[0]?.slice(0, 200);
  return {
    id: d.id,
    shortId: d.short_id || d.id.slice(0, 8),
    environment: d.environment,
    url: /^https?:\/\//.test(d.url) ? d.url : "",
    createdOn: d.created_on,
    ...(meta?.branch && { branch: meta.branch }),
    ...(commit && { commit }),
    ...(commitMessage && { commitMessage }),
    stage: { name: d.latest_stage.name, status: d.latest_stage.status },
  };
}

export interface PagesOptions {
  fetch: FetchLike;
  settings: NonNullable<Environment["cloudflare"]>;
  /** From the binding named by `settings.tokenVariable`. */
  token: string | undefined;
  /** For messages: which environment's config to fix. */
  environmentId: string;
  timeoutMs?: number;
}

/** Real deployment objects carry build config and variables; 25 of them stay well under this. */
const MAX_API_BYTES = 4 * 1024 * 1024;

export function cloudflarePages(options: PagesOptions): PagesProvider {
  const { settings } = options;
  const base = `${settings.apiBase.replace(/\/+$/, "")}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}`;
  const upstream: Upstream = {
    name: "The Cloudflare API",
    tokenVariable: settings.tokenVariable,
    ...(options.token !== undefined && { token: options.token }),
    forbiddenHint: `it lacks the Cloudflare Pages: Read permission on account ${settings.accountId}; give the token Account → Cloudflare Pages → Read`,
    notFoundHint: `Pages project "${settings.pagesProject}" not found in account "${settings.accountId}"; check environments.${options.environmentId}.cloudflare.accountId and pagesProject in runbook.config.json`,
  };
  const common = {
    fetch: options.fetch,
    upstream,
    maxBytes: MAX_API_BYTES,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
  const noToken = () => missingToken("Cloudflare API", settings.tokenVariable, "Cloudflare Pages: Read");
  return {
    async project() {
      if (!options.token) return noToken();
      const answer = await getJson({ ...common, url: base, schema: projectResponse });
      if (!answer.ok) return answer;
      const p = answer.data.result;
      return {
        ok: true,
        data: {
          name: p.name,
          productionBranch: p.production_branch,
          domains: p.domains ?? [],
          canonical: p.canonical_deployment ? toRecord(p.canonical_deployment) : null,
          latest: p.latest_deployment ? toRecord(p.latest_deployment) : null,
        },
      };
    },
    async productionDeployments() {
      if (!options.token) return noToken();
      const answer = await getJson({
        ...common,
        url: `${base}/deployments?env=production&page=1&per_page=25`,
        schema: deploymentsResponse,
      });
      if (!answer.ok) return answer;
      return { ok: true, data: answer.data.result.map(toRecord) };
    },
  };
}
