/**
 * @module
 * The names of the variables that exist in Dashtray's Cloudflare Pages project (production), its
 * Convex deployment and its GitHub repository. Names only: every schema here drops the values the
 * APIs send along (Pages' `env_vars[NAME].value`, Convex's values, GitHub's variable values) as it
 * parses, so no value outlives the parse, let alone reaches an answer or a log line.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { type FoundNames, namesOf } from "../../core/incidents/variables.ts";
import { failure, getJson, tokenFrom, type Upstream } from "./upstream.ts";

/** `{ NAME: { type, value } }` → the names. `z.object` strips `value` before the keys are even taken. */
const pagesEnvVars = z
  .record(z.string(), z.object({ type: z.string().optional() }).nullable())
  .transform((vars) => Object.keys(vars).filter((name) => vars[name] !== null));

/** `GET .../pages/projects/{project}`, reduced to the production variable names. */
export const pagesVariablesResponse = z.object({
  success: z.literal(true),
  result: z.object({
    deployment_configs: z.object({ production: z.object({ env_vars: pagesEnvVars.nullish() }).nullish() }).nullish(),
  }),
});

/** `GET {deployment}/api/v1/list_environment_variables` (Convex Deployment API): `{ environmentVariables: { NAME: value } }`. */
export const convexVariablesResponse = z.object({
  environmentVariables: z.record(z.string(), z.unknown()).transform((vars) => Object.keys(vars)),
});

/** `GET /repos/{o}/{r}/actions/secrets` (GitHub sends names and dates only). */
export const githubSecretsResponse = z.object({
  total_count: z.number(),
  secrets: z.array(z.object({ name: z.string() })),
});

/** `GET /repos/{o}/{r}/actions/variables`: GitHub sends values too; `z.object` drops them. */
export const githubVariablesResponse = z.object({
  total_count: z.number(),
  variables: z.array(z.object({ name: z.string() })),
});

const MAX_API_BYTES = 4 * 1024 * 1024;

export interface ReadOptions {
  /** Deadline per API call (default 5 s). */
  timeoutMs?: number;
}

/** Production variable names of the Pages project. */
export async function pagesVariableNames(
  fetchImpl: FetchLike,
  settings: NonNullable<Environment["cloudflare"]>,
  bindings: object,
  environmentId: string,
  options: ReadOptions = {},
): Promise<Section<FoundNames>> {
  const token = tokenFrom(bindings, settings.tokenVariable);
  if (!token)
    return failure(
      "missing_token",
      `No Cloudflare API token: set ${settings.tokenVariable} (a token with Cloudflare Pages: Read) to read the project's variable names here.`,
    );
  const upstream: Upstream = {
    name: "The Cloudflare API",
    tokenVariable: settings.tokenVariable,
    token,
    forbiddenHint: `it lacks the Cloudflare Pages: Read permission on account ${settings.accountId}`,
    notFoundHint: `Pages project "${settings.pagesProject}" not found in account "${settings.accountId}"; check environments.${environmentId}.cloudflare in runbook.config.json`,
  };
  const url = `${trim(settings.apiBase)}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}`;
  const answer = await getJson({ fetch: fetchImpl, url, upstream, schema: pagesVariablesResponse, maxBytes: MAX_API_BYTES, ...options });
  if (!answer.ok) return answer;
  return { ok: true, data: namesOf(answer.data.result.deployment_configs?.production?.env_vars ?? []) };
}

/** The Convex Deployment API base: `https://<deployment>.convex.cloud` unless the config names another. */
export function convexApiBase(settings: NonNullable<Environment["convex"]>): string {
  return trim(settings.apiBase ?? `https://${settings.deployment}.convex.cloud`);
}

export const DEFAULT_CONVEX_KEY_VARIABLE = "CONVEX_DEPLOY_KEY";

/** Variable names of the Convex deployment, through its Deployment API with a deploy key. */
export async function convexVariableNames(
  fetchImpl: FetchLike,
  settings: NonNullable<Environment["convex"]>,
  bindings: object,
  environmentId: string,
  options: ReadOptions = {},
): Promise<Section<FoundNames>> {
  const variable = settings.tokenVariable ?? DEFAULT_CONVEX_KEY_VARIABLE;
  const key = tokenFrom(bindings, variable);
  if (!key)
    return failure(
      "missing_token",
      `Not read here: no Convex deploy key in ${variable}. Convex lists a deployment's variables only to a key with admin access to it (its Deployment API), so this runbook does not hold one by default: run the command below, or open the dashboard.`,
    );
  const upstream: Upstream = {
    name: "The Convex Deployment API",
    tokenVariable: variable,
    token: key,
    scheme: "Convex",
    forbiddenHint: `the key cannot read deployment ${settings.deployment}; use a deploy key of that deployment`,
    notFoundHint: `no Convex deployment at ${convexApiBase(settings)}; check environments.${environmentId}.convex in runbook.config.json`,
  };
  const answer = await getJson({
    fetch: fetchImpl,
    url: `${convexApiBase(settings)}/api/v1/list_environment_variables`,
    upstream,
    schema: convexVariablesResponse,
    maxBytes: MAX_API_BYTES,
    ...options,
  });
  if (!answer.ok) return answer;
  return { ok: true, data: namesOf(answer.data.environmentVariables) };
}

/** Repository secret and variable names (secrets win when a name is both). */
export async function githubVariableNames(
  fetchImpl: FetchLike,
  settings: NonNullable<Environment["github"]>,
  bindings: object,
  environmentId: string,
  options: ReadOptions = {},
): Promise<Section<FoundNames>> {
  const token = tokenFrom(bindings, settings.tokenVariable);
  if (!token)
    return failure(
      "missing_token",
      `No GitHub token: set ${settings.tokenVariable} (a token with Secrets: Read and Variables: Read on ${settings.repo}) to read the names here.`,
    );
  const upstream: Upstream = {
    name: "The GitHub API",
    tokenVariable: settings.tokenVariable,
    token,
    forbiddenHint: `it cannot list the secrets and variables of ${settings.repo}; a fine-grained token needs Secrets: Read and Variables: Read on that repository`,
    notFoundHint: `${settings.repo} not found, or the token in ${settings.tokenVariable} cannot see it; check environments.${environmentId}.github in runbook.config.json`,
  };
  const common = {
    fetch: fetchImpl,
    upstream,
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    maxBytes: MAX_API_BYTES,
    ...options,
  };
  const base = `${trim(settings.apiBase)}/repos/${settings.repo}/actions`;
  const secrets = await pages(100, (page, perPage) =>
    getJson({ ...common, url: `${base}/secrets?per_page=${perPage}&page=${page}`, schema: githubSecretsResponse }).then((a) =>
      a.ok ? { ok: true as const, data: { total: a.data.total_count, names: a.data.secrets.map((s) => s.name) } } : a,
    ),
  );
  if (!secrets.ok) return secrets;
  // GitHub lists at most 30 variables per page.
  const variables = await pages(30, (page, perPage) =>
    getJson({ ...common, url: `${base}/variables?per_page=${perPage}&page=${page}`, schema: githubVariablesResponse }).then((a) =>
      a.ok ? { ok: true as const, data: { total: a.data.total_count, names: a.data.variables.map((v) => v.name) } } : a,
    ),
  );
  if (!variables.ok) return variables;
  const found = namesOf(secrets.data, "secret");
  for (const name of variables.data) if (!found.has(name)) found.set(name, "variable");
  return { ok: true, data: found };
}

/** Follows GitHub's pages until `total_count` names are in, at most 10 pages. */
async function pages(
  perPage: number,
  read: (page: number, perPage: number) => Promise<Section<{ total: number; names: string[] }>>,
): Promise<Section<string[]>> {
  const names: string[] = [];
  for (let page = 1; page <= 10; page += 1) {
    const answer = await read(page, perPage);
    if (!answer.ok) return answer;
    names.push(...answer.data.names);
    if (answer.data.names.length < perPage || names.length >= answer.data.total) break;
  }
  return { ok: true, data: names };
}

function trim(base: string): string {
  return base.replace(/\/+$/, "");
}
