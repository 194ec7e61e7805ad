/**
 * @module
 * The Cloudflare API client for one environment's Pages project, read-only: the project (production
 * branch, domains, canonical deployment, variable names), its production deployments page by page,
 * and its custom domains. It owns the base URL, the token binding, headers, paging and the reading
 * of Cloudflare's error answers (`cloudflare-errors.ts`, shared with the write client).
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import { COMMIT_SHA } from "../../core/deploy/commits.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { type FoundNames, namesOf } from "../../core/incidents/variables.ts";
import { cloudflareUpstream } from "./cloudflare-errors.ts";
import {
  type CloudflareDeployment,
  type CloudflareDomain,
  cloudflareDeployment,
  cloudflareDomain,
  listEnvelope,
  projectResponse,
  projectVariablesResponse,
} from "./cloudflare-schemas.ts";
import { DEFAULT_TIMEOUT_MS, failure, getAnswer, getJson } from "./http.ts";
import { parseItems } from "./items.ts";
import { missingToken, tokenFrom } from "./tokens.ts";

/** Cloudflare lists at most 25 deployments a page. */
export const DEPLOYMENTS_PER_PAGE = 25;
/** How many production deployments are read at most when the config does not say. */
export const DEFAULT_MAX_DEPLOYMENTS = 200;
/** Real deployment objects carry build config and variables; 25 of them stay well under this. */
const MAX_API_BYTES = 4 * 1024 * 1024;

export interface PagesProject {
  name: string;
  productionBranch: string;
  domains: string[];
  canonical: DeploymentRecord | null;
  latest: DeploymentRecord | null;
}

/** Why reading deployment pages stopped. */
export type SearchEnd = "found" | "end" | "bound" | "deadline" | "error";

export interface DeploymentSearch {
  /** Production deployments read, newest first. */
  deployments: DeploymentRecord[];
  /** Deployments left out for their shape, one sentence each. */
  skipped: string[];
  /** Deployments read (what the bound counts). */
  read: number;
  pages: number;
  stoppedBy: SearchEnd;
  /** Set when a later page failed (stoppedBy `error`). */
  error?: SectionError;
}

export interface SearchOptions {
  /** Stops reading once this holds for what was read so far. */
  done: (deployments: readonly DeploymentRecord[]) => boolean | Promise<boolean>;
  /** At most this many deployments (default `settings.maxDeployments`). */
  bound?: number;
  /** Epoch ms by which the search must be over (the request's deadline). */
  deadline?: number;
}

export interface CloudflareClient {
  project(): Promise<Section<PagesProject>>;
  /** Production deployments, newest first, read page by page until `done`, the bound or the deadline. */
  searchProductionDeployments(options: SearchOptions): Promise<Section<DeploymentSearch>>;
  /** Custom domains of the project; malformed ones are left out and reported. */
  domains(): Promise<Section<{ domains: CloudflareDomain[]; skipped: string[] }>>;
  /** Names of the production variables and secrets (never their values). */
  productionVariableNames(): Promise<Section<FoundNames>>;
}

export interface CloudflareOptions {
  fetch: FetchLike;
  settings: NonNullable<Environment["cloudflare"]>;
  /** The Function's bindings; the token is read from `settings.tokenVariable`. */
  bindings: object;
  /** For messages: which environment's config to fix. */
  environmentId: string;
  /** Deadline per API call (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
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
    url: d.url && /^https?:\/\//.test(d.url) ? d.url : "",
    createdOn: d.created_on,
    ...(meta?.branch && { branch: meta.branch }),
    ...(commit && { commit }),
    ...(commitMessage && { commitMessage }),
    // A deployment without a stage is not known to have finished: never a rollback target.
    stage: { name: d.latest_stage?.name ?? "unknown", status: d.latest_stage?.status ?? "unknown" },
  };
}

export function cloudflareClient(options: CloudflareOptions): CloudflareClient {
  const { settings } = options;
  const token = tokenFrom(options.bindings, settings.tokenVariable);
  const base = `${settings.apiBase.replace(/\/+$/, "")}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}`;
  const upstream = cloudflareUpstream(token, {
    tokenVariable: settings.tokenVariable,
    accountId: settings.accountId,
    pagesProject: settings.pagesProject,
    environmentId: options.environmentId,
    permission: "Read",
    notFound: `Pages project "${settings.pagesProject}" not found in account "${settings.accountId}"; check environments.${options.environmentId}.cloudflare.accountId and pagesProject in runbook.config.json`,
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const common = { fetch: options.fetch, upstream, maxBytes: MAX_API_BYTES, timeoutMs, now };
  const noToken = () => missingToken("Cloudflare API", settings.tokenVariable, "Cloudflare Pages: Read");

  return {
    async project() {
      if (!token) return noToken();
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

    async searchProductionDeployments({ done, bound = settings.maxDeployments, deadline }) {
      if (!token) return noToken();
      const search: DeploymentSearch = { deployments: [], skipped: [], read: 0, pages: 0, stoppedBy: "end" };
      for (let page = 1; ; page += 1) {
        if (search.read >= bound) return { ok: true, data: { ...search, stoppedBy: "bound" } };
        const left = deadline === undefined ? timeoutMs : deadline - now();
        if (left < 250) return { ok: true, data: { ...search, stoppedBy: "deadline" } };
        const perPage = Math.min(DEPLOYMENTS_PER_PAGE, bound - search.read);
        const query = new URLSearchParams({ env: "production", page: String(page), per_page: String(perPage) });
        const answer = await getAnswer({
          ...common,
          timeoutMs: Math.min(timeoutMs, left),
          url: `${base}/deployments?${query}`,
          schema: listEnvelope(),
        });
        if (!answer.ok) {
          if (page === 1) return answer;
          return { ok: true, data: { ...search, stoppedBy: "error", error: answer.error } };
        }
        const { result, result_info: info } = answer.data.data;
        const parsed = parseItems(result, cloudflareDeployment, "deployment", "The Cloudflare API", search.read);
        search.deployments.push(...parsed.items.map(toRecord));
        search.skipped.push(...parsed.skipped);
        search.read += result.length;
        search.pages = page;
        if (await done(search.deployments)) return { ok: true, data: { ...search, stoppedBy: "found" } };
        const lastPage = info?.total_pages ?? undefined;
        if (result.length === 0 || (lastPage !== undefined && page >= lastPage) || result.length < perPage)
          return { ok: true, data: { ...search, stoppedBy: "end" } };
      }
    },

    async domains() {
      if (!token) return noToken();
      const answer = await getJson({ ...common, url: `${base}/domains`, schema: listEnvelope() });
      if (!answer.ok) return answer;
      const parsed = parseItems(answer.data.result, cloudflareDomain, "custom domain", "The Cloudflare API");
      return { ok: true, data: { domains: parsed.items, skipped: parsed.skipped } };
    },

    async productionVariableNames() {
      if (!token)
        return failure(
          "missing_token",
          `No Cloudflare API token: set ${settings.tokenVariable} (a token with Cloudflare Pages: Read) to read the project's variable names here.`,
        );
      const answer = await getJson({ ...common, url: base, schema: projectVariablesResponse });
      if (!answer.ok) return answer;
      return { ok: true, data: namesOf(answer.data.result.deployment_configs?.production?.env_vars ?? []) };
    },
  };
}
