/**
 * @module
 * The Cloudflare API client for one environment's Pages project, read-only: the project (production
 * branch, domains, canonical deployment, variable names), its production deployments page by page,
 * and its custom domains. It owns the base URL, the token binding, headers, paging and the reading
 * of Cloudflare's `errors[].code`.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import { COMMIT_SHA } from "../../core/deploy/commits.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { type FoundNames, namesOf } from "../../core/incidents/variables.ts";
import {
  type CloudflareDeployment,
  type CloudflareDomain,
  cloudflareDeployment,
  cloudflareDomain,
  cloudflareErrorEnvelope,
  listEnvelope,
  projectResponse,
  projectVariablesResponse,
} from "./cloudflare-schemas.ts";
import {
  DEFAULT_TIMEOUT_MS,
  type ErrorAnswer,
  failure,
  getAnswer,
  getJson,
  rateLimited,
  retryAfter,
  type Upstream,
} from "./http.ts";
import { parseItems } from "./items.ts";
import { missingToken, tokenFrom } from "./tokens.ts";

/** Cloudflare lists at most 25 deployments a page. */
export const DEPLOYMENTS_PER_PAGE = 25;
/** How many production deployments are read at most when the config does not say. */
export const DEFAULT_MAX_DEPLOYMENTS = 200;
/** Cloudflare blocks an over-limit token for up to five minutes when it does not send `retry-after`. */
const RATE_LIMIT_FALLBACK_SECONDS = 300;
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

/** Cloudflare's `errors[].code` in the runbook's words; undefined leaves the answer to its status. */
export function explainCloudflare(upstream: Upstream, settings: CloudflareOptions["settings"], environmentId: string) {
  return (answer: ErrorAnswer): SectionError | undefined => {
    const parsed = cloudflareErrorEnvelope.safeParse(answer.body);
    // A 5xx is Cloudflare's own trouble whatever code rides along.
    const codes = parsed.success && answer.status < 500 ? parsed.data.errors.map((e) => e.code) : [];
    const said = answer.said ? ` (Cloudflare said: ${answer.said})` : "";
    const token = `the token in ${settings.tokenVariable}`;
    if (answer.status === 429 || codes.includes(971) || codes.includes(10429))
      return rateLimited(
        upstream,
        answer.status,
        retryAfter(answer.headers, answer.now) ?? RATE_LIMIT_FALLBACK_SECONDS,
        answer.now,
      ).error;
    // 9109 means a bad token ("Invalid access token") or a good one without access ("Unauthorized to access requested resource").
    const unauthorized9109 =
      parsed.success && parsed.data.errors.some((e) => e.code === 9109 && /unauthori[sz]ed/i.test(e.message));
    const invalid =
      (codes.includes(9109) && !unauthorized9109) ||
      [9106, 6003, 6111].some((c) => codes.includes(c)) ||
      (answer.status === 401 && codes.includes(10000));
    if (invalid)
      return failure(
        "token_rejected",
        `The Cloudflare API rejected ${token} as invalid (HTTP ${answer.status}, code ${codes.join(", ")}): it is malformed, expired or revoked; put a valid API token (not a Global API Key) in ${settings.tokenVariable}.${said}`,
      ).error;
    if (codes.includes(10000) || unauthorized9109)
      return failure(
        "forbidden",
        `The Cloudflare API refused ${token} (HTTP ${answer.status}, code ${codes.join(", ")}): it does not grant Account → Cloudflare Pages → Read on account ${settings.accountId}, or it belongs to another account; edit the token's permissions and account resources.${said}`,
      ).error;
    if (codes.includes(8000007))
      return failure(
        "not_found",
        `The Cloudflare API has no Pages project "${settings.pagesProject}" in account "${settings.accountId}" (code 8000007); check environments.${environmentId}.cloudflare.accountId and pagesProject in runbook.config.json.${said}`,
      ).error;
    if (codes.includes(7003) || codes.includes(7000))
      return failure(
        "not_found",
        `The Cloudflare API found no such account or route (HTTP ${answer.status}, code ${codes.join(", ")}); check environments.${environmentId}.cloudflare.accountId (the 32-character account ID) in runbook.config.json.${said}`,
      ).error;
    return undefined;
  };
}

export function cloudflareClient(options: CloudflareOptions): CloudflareClient {
  const { settings } = options;
  const token = tokenFrom(options.bindings, settings.tokenVariable);
  const base = `${settings.apiBase.replace(/\/+$/, "")}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}`;
  const upstream: Upstream = {
    name: "The Cloudflare API",
    tokenVariable: settings.tokenVariable,
    ...(token !== undefined && { token }),
    forbiddenHint: `it lacks the Cloudflare Pages: Read permission on account ${settings.accountId}; give the token Account → Cloudflare Pages → Read`,
    notFoundHint: `Pages project "${settings.pagesProject}" not found in account "${settings.accountId}"; check environments.${options.environmentId}.cloudflare.accountId and pagesProject in runbook.config.json`,
  };
  upstream.explain = explainCloudflare(upstream, settings, options.environmentId);
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
