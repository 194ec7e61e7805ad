/**
 * @module
 * The Cloudflare Pages calls of the rollback action, and nothing else: read one deployment by id, and
 * roll production back to it. The write token is its own binding (Account → Cloudflare Pages → Edit,
 * `rollbackAction.writeTokenVariable`), never the read token, and only this client reads it.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { explainCloudflare, toRecord } from "./cloudflare.ts";
import { cloudflareDeployment, cloudflareErrorEnvelope, envelope } from "./cloudflare-schemas.ts";
import { type ErrorAnswer, getJson, type Upstream } from "./http.ts";
import { tokenFrom } from "./tokens.ts";
import { postWrite, type WriteAnswer } from "./write.ts";

/** A rollback waits longer than a read by default: Cloudflare switches the served deployment before it answers. */
export const ROLLBACK_TIMEOUT_MS = 15_000;
const deploymentResponse = envelope(cloudflareDeployment);

/** Cloudflare documents a refusal as a 4xx with its error envelope (`success: false`, `errors[]`), or a 429. */
export function cloudflareRefuses(answer: ErrorAnswer): boolean {
  return answer.status === 429 || cloudflareErrorEnvelope.safeParse(answer.body).success;
}

export interface PagesWriteClient {
  /** One deployment by id, production or preview (`GET .../deployments/{id}`). */
  deployment(id: string): Promise<Section<DeploymentRecord>>;
  /**
   * `POST .../deployments/{id}/rollback`: Pages serves that deployment from now on, when the answer is
   * `done`; an `unknown` answer must be read back (the project's `canonical_deployment`).
   */
  rollback(id: string): Promise<WriteAnswer<DeploymentRecord>>;
}

/** The write token's binding value, or undefined when it is not set. Callers only ask whether it exists. */
export function hasWriteToken(bindings: object, variable: string): boolean {
  return tokenFrom(bindings, variable) !== undefined;
}

export function pagesWriteClient(options: {
  fetch: FetchLike;
  settings: NonNullable<Environment["cloudflare"]>;
  writeTokenVariable: string;
  bindings: object;
  environmentId: string;
  /** How long the rollback's answer is waited for (default 15 s); then it is read back. */
  rollbackTimeoutMs?: number;
}): PagesWriteClient {
  const { settings } = options;
  const token = tokenFrom(options.bindings, options.writeTokenVariable);
  const base = `${settings.apiBase.replace(/\/+$/, "")}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}/deployments`;
  const upstream: Upstream = {
    name: "The Cloudflare API",
    tokenVariable: options.writeTokenVariable,
    ...(token !== undefined && { token }),
    forbiddenHint: `the token in ${options.writeTokenVariable} lacks Account → Cloudflare Pages → Edit on account ${settings.accountId}`,
    notFoundHint: `no such deployment in Pages project "${settings.pagesProject}"`,
  };
  const explain = explainCloudflare(
    upstream,
    { ...settings, tokenVariable: options.writeTokenVariable },
    options.environmentId,
  );
  // A 404 for one deployment means the deployment, not the project, and a 403 the Edit permission
  // (the shared reading speaks of Read): let the status and the hints above say those.
  upstream.explain = (answer) => (answer.status === 404 || answer.status === 403 ? undefined : explain(answer));
  return {
    async deployment(id) {
      const answer = await getJson({
        fetch: options.fetch,
        url: `${base}/${encodeURIComponent(id)}`,
        upstream,
        schema: deploymentResponse,
      });
      return answer.ok ? { ok: true, data: toRecord(answer.data.result) } : answer;
    },
    async rollback(id) {
      const answer = await postWrite({
        fetch: options.fetch,
        url: `${base}/${encodeURIComponent(id)}/rollback`,
        upstream,
        schema: deploymentResponse,
        timeoutMs: options.rollbackTimeoutMs ?? ROLLBACK_TIMEOUT_MS,
        refuses: cloudflareRefuses,
      });
      return answer.verdict === "done" ? { ...answer, data: toRecord(answer.data.result) } : answer;
    },
  };
}
