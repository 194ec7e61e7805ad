/**
 * @module
 * The Convex Deployment API client for one environment's deployment: the names of its environment
 * variables (values dropped as the answer is parsed). It owns the base URL, the deploy key binding,
 * the `Convex` authorization scheme and the reading of Convex's refusals.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { type FoundNames, namesOf } from "../../core/incidents/variables.ts";
import { type ErrorAnswer, failure, getJson, type Upstream } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

/** `GET {deployment}/api/v1/list_environment_variables`: `{ environmentVariables: { NAME: value } }`. */
export const convexVariablesResponse = z.object({
  environmentVariables: z.record(z.string(), z.unknown()).transform((vars) => Object.keys(vars)),
});

/** Convex's error body: `{ code, message }`. */
export const convexError = z.looseObject({ code: z.string(), message: z.string() });

export const DEFAULT_CONVEX_KEY_VARIABLE = "CONVEX_DEPLOY_KEY";
const MAX_API_BYTES = 4 * 1024 * 1024;

export interface ConvexOptions {
  fetch: FetchLike;
  settings: NonNullable<Environment["convex"]>;
  bindings: object;
  environmentId: string;
  timeoutMs?: number;
}

export interface ConvexClient {
  variableNames(): Promise<Section<FoundNames>>;
}

/** The Convex Deployment API base: `https://<deployment>.convex.cloud` unless the config names another. */
export function convexApiBase(settings: NonNullable<Environment["convex"]>): string {
  return (settings.apiBase ?? `https://${settings.deployment}.convex.cloud`).replace(/\/+$/, "");
}

/** Convex's documented message of an error body, or undefined when the body is not its `{ code, message }`. */
export function convexMessage(body: unknown): string | undefined {
  const parsed = convexError.safeParse(body);
  return parsed.success ? parsed.data.message : undefined;
}

/** Convex's 401 / 403 / 404 in the runbook's words, with Convex's own `code` quoted. */
export function explainConvex(settings: ConvexOptions["settings"], variable: string, environmentId: string) {
  return (answer: ErrorAnswer): SectionError | undefined => {
    const body = convexError.safeParse(answer.body);
    const code = body.success ? ` ${body.data.code}` : "";
    const said = answer.said ? ` (Convex said: ${answer.said})` : "";
    if (answer.status === 401)
      return failure(
        "token_rejected",
        `Convex rejected the deploy key in ${variable} (HTTP 401${code}): it is malformed or was revoked; generate a new deploy key for ${settings.deployment} in the dashboard's Settings and put it in ${variable}.${said}`,
      ).error;
    if (answer.status === 403)
      return failure(
        "forbidden",
        `Convex refused the key in ${variable} (HTTP 403${code}): it is not an admin or deploy key of deployment ${settings.deployment} (a key of another deployment, or a preview key); use a production deploy key of that deployment.${said}`,
      ).error;
    if (answer.status === 404)
      return failure(
        "not_found",
        `Convex has no deployment API at ${convexApiBase(settings)} (HTTP 404${code}); check environments.${environmentId}.convex.deployment (and apiBase) in runbook.config.json.${said}`,
      ).error;
    return undefined;
  };
}

export function convexClient(options: ConvexOptions): ConvexClient {
  const { settings } = options;
  const variable = settings.tokenVariable ?? DEFAULT_CONVEX_KEY_VARIABLE;
  const key = tokenFrom(options.bindings, variable);
  const upstream: Upstream = {
    name: "The Convex Deployment API",
    tokenVariable: variable,
    ...(key !== undefined && { token: key }),
    scheme: "Convex",
    messageOf: convexMessage,
    explain: explainConvex(settings, variable, options.environmentId),
  };
  return {
    async variableNames() {
      if (!key)
        return failure(
          "missing_token",
          `Not read here: no Convex deploy key in ${variable}. Convex lists a deployment's variables only to a key with admin access to it (its Deployment API), so this runbook does not hold one by default: run the command below, or open the dashboard.`,
        );
      const answer = await getJson({
        fetch: options.fetch,
        url: `${convexApiBase(settings)}/api/v1/list_environment_variables`,
        upstream,
        schema: convexVariablesResponse,
        maxBytes: MAX_API_BYTES,
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
      if (!answer.ok) return answer;
      return { ok: true, data: namesOf(answer.data.environmentVariables) };
    },
  };
}
