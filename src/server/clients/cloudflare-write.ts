/**
 * @module
 * The Cloudflare Pages calls of the rollback action, and nothing else: read one deployment by id, and
 * roll production back to it. The write token is its own binding (Account → Cloudflare Pages → Edit,
 * `rollbackAction.writeTokenVariable`), never the read token, and only this client reads it. Errors are
 * read as the read client reads them (`cloudflare-errors.ts`), with the Edit permission named.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Environment } from "../../core/config/environment.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { toRecord } from "./cloudflare.ts";
import { cloudflareUpstream } from "./cloudflare-errors.ts";
import { cloudflareDeployment, envelope } from "./cloudflare-schemas.ts";
import { send, type WriteAnswer } from "./http.ts";
import { tokenFrom } from "./tokens.ts";

/** A rollback waits longer than a read by default: Cloudflare switches the served deployment before it answers. */
export const ROLLBACK_TIMEOUT_MS = 15_000;
const deploymentResponse = envelope(cloudflareDeployment);

export interface PagesWriteClient {
  /** One deployment by id, production or preview (`GET .../deployments/{id}`). */
  deployment(id: string): Promise<Section<DeploymentRecord>>;
  /**
   * `POST .../deployments/{id}/rollback`: Pages serves that deployment from now on. `ok` only for a
   * 2xx carrying the deployment; a failure's `applied` says whether the switch may have happened
   * (`unknown`: a 5xx, an HTML page, a timeout, a reset: read back which deployment Pages serves).
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
  /** How long the rollback's answer is waited for (`rollbackAction.answerTimeoutSeconds`; default 15 s). */
  rollbackTimeoutMs?: number;
  now?: () => number;
}): PagesWriteClient {
  const { settings } = options;
  const token = tokenFrom(options.bindings, options.writeTokenVariable);
  const base = `${settings.apiBase.replace(/\/+$/, "")}/accounts/${encodeURIComponent(settings.accountId)}/pages/projects/${encodeURIComponent(settings.pagesProject)}/deployments`;
  const upstream = cloudflareUpstream(token, {
    tokenVariable: options.writeTokenVariable,
    accountId: settings.accountId,
    pagesProject: settings.pagesProject,
    environmentId: options.environmentId,
    permission: "Edit",
    notFound: `no such deployment in Pages project "${settings.pagesProject}"`,
  });
  const call = async (
    url: string,
    method: "GET" | "POST",
    timeoutMs?: number,
  ): Promise<WriteAnswer<DeploymentRecord>> => {
    const answer = await send({
      fetch: options.fetch,
      url,
      upstream,
      schema: deploymentResponse,
      method,
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(options.now && { now: options.now }),
    });
    if (!answer.ok) return answer;
    return { ...answer, data: toRecord(answer.data.result) };
  };
  return {
    deployment: async (id) => {
      const answer = await call(`${base}/${encodeURIComponent(id)}`, "GET");
      return answer.ok ? { ok: true, data: answer.data } : { ok: false, error: answer.error };
    },
    rollback: (id) =>
      call(`${base}/${encodeURIComponent(id)}/rollback`, "POST", options.rollbackTimeoutMs ?? ROLLBACK_TIMEOUT_MS),
  };
}
