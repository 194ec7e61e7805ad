/**
 * @module
 * The guards of both actions, in order: the action's own (enabled in the config, the reader on the
 * allow-list, the write token bound), then D1, the body, the typed confirmation, the reason, the
 * request's age and its one-time id. Each refusal is an `ApiFailure` and nothing has been changed.
 */
import type { Context } from "hono";
import { z } from "zod";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { isAllowed } from "../../core/deploy/rollback-action.ts";
import { ApiFailure } from "../errors.ts";
import { findByRequest, type UsedRequest } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import { historyDatabase } from "../history/database.ts";
import { refuseClaimedIdentity } from "../history/inputs.ts";
import type { AppEnv } from "../types.ts";
import { clientKey, parseInput, readJson, text } from "../validation/index.ts";

/** A form older than this is refused as a possible replay: read the page again. */
export const MAX_AGE_SECONDS = 15 * 60;
/** Clocks may differ a little; an `issuedAt` further in the future than this is refused too. */
const FUTURE_SKEW_MS = 60_000;

export type Settings = NonNullable<ResolvedEnvironment["rollbackAction"]>;
export type Guarded = { settings: Settings } | { refusal: ApiFailure };

const deploymentId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "expected a Pages deployment id");
export const pressBody = z
  .object({
    target: deploymentId,
    reason: text(500, "multi"),
    confirm: z.string().max(64, "at most 64 characters"),
    expectedLive: deploymentId,
    requestId: clientKey,
    issuedAt: z.iso.datetime({ message: "expected the issuedAt of GET /api/actions/rollback (an ISO time)" }),
  })
  .strict();
export type PressBody = z.output<typeof pressBody>;

function tokenBound(bindings: object, variable: string): boolean {
  const token = (bindings as Record<string, unknown>)[variable];
  return typeof token === "string" && token.trim() !== "";
}

function notAllowed(actor: string, env: ResolvedEnvironment): ApiFailure {
  return new ApiFailure(
    403,
    "not_allowed",
    `${actor} is not on the allow-list for rolling back ${env.id} (environments.${env.id}.rollbackAction.allow in runbook.config.json); ask someone on it, or use the command on the page`,
  );
}

/** The Pages rollback's own guards: enabled (with cloudflare settings), the allow-list, its Cloudflare write token. */
export function pagesGuard(env: ResolvedEnvironment, bindings: object, actor: string): Guarded {
  const settings = env.rollbackAction;
  if (!settings?.enabled || !env.cloudflare)
    return {
      refusal: new ApiFailure(
        404,
        "action_not_enabled",
        `the rollback action is not enabled for ${env.id}: set environments.${env.id}.rollbackAction.enabled (with cloudflare settings) in runbook.config.json; until then use the command on the Rollback page`,
      ),
    };
  if (!isAllowed(actor, settings.allow)) return { refusal: notAllowed(actor, env) };
  if (!tokenBound(bindings, settings.writeTokenVariable))
    return {
      refusal: new ApiFailure(
        503,
        "write_token_missing",
        `no write token: set ${settings.writeTokenVariable} (a Cloudflare API token with Account → Cloudflare Pages → Edit, apart from the read token) in the Pages project's secrets, or .dev.vars locally`,
      ),
    };
  return { settings };
}

/** The Convex redeploy's own guards: enabled with a workflow, the allow-list, its GitHub write token. */
export function convexGuard(env: ResolvedEnvironment, bindings: object, actor: string): Guarded {
  const settings = env.rollbackAction;
  const workflow = settings?.convexWorkflow;
  if (!settings?.enabled || !workflow || !env.github || !env.convex)
    return {
      refusal: new ApiFailure(
        404,
        "action_not_enabled",
        `redeploying Convex from the runbook is not enabled for ${env.id}: set environments.${env.id}.rollbackAction.enabled and rollbackAction.convexWorkflow (with github and convex settings) in runbook.config.json; until then use the commands on the Rollback page`,
      ),
    };
  if (!isAllowed(actor, settings.allow)) return { refusal: notAllowed(actor, env) };
  if (!tokenBound(bindings, workflow.tokenVariable))
    return {
      refusal: new ApiFailure(
        503,
        "write_token_missing",
        `no write token: set ${workflow.tokenVariable} (a GitHub token with Actions: Read and write on ${env.github.repo}, apart from the read token) in the Pages project's secrets, or .dev.vars locally`,
      ),
    };
  return { settings };
}

export function replayed(used: UsedRequest): ApiFailure {
  return new ApiFailure(
    409,
    "request_replayed",
    `this request id was already used by ${used.actor} at ${used.at} (${used.status.replace(/_/g, " ")}): a request is performed at most once; read the Rollback page again to press anew`,
  );
}

/** The guards both actions share, after the action's own: D1, the body, confirmation, reason, age, one-time id. */
export async function commonGuards(
  c: Context<AppEnv>,
  env: ResolvedEnvironment,
  guarded: Guarded,
  haveDb: (db: D1Database) => void,
): Promise<{ settings: Settings; db: D1Database; body: PressBody }> {
  if ("refusal" in guarded) throw guarded.refusal;
  const { settings } = guarded;
  // No unaudited writes: without the history database nothing is done.
  const db = await historyDatabase(c.env?.RUNBOOK_DB);
  haveDb(db);
  // Read here, not by a validator in front of the route: the action's own guards and D1 come first.
  const raw = await readJson(c);
  refuseClaimedIdentity(raw);
  const body = parseInput(pressBody, raw, "body");
  if (body.confirm.trim() !== env.id)
    throw new ApiFailure(
      400,
      "confirmation_mismatch",
      `type the environment's name "${env.id}" to confirm (got ${JSON.stringify(body.confirm.slice(0, 64))}); nothing was changed`,
    );
  if (body.reason.trim() === "")
    throw new ApiFailure(400, "reason_required", "say why you are rolling back (reason): it goes into the audit log");
  const age = Date.now() - Date.parse(body.issuedAt);
  if (age > MAX_AGE_SECONDS * 1000 || age < -FUTURE_SKEW_MS)
    throw new ApiFailure(
      409,
      "request_expired",
      `this request was prepared at ${body.issuedAt}, ${age < 0 ? "in the future" : `more than ${MAX_AGE_SECONDS / 60} minutes ago`}: an old or replayed request is never performed; read the Rollback page again and press once more`,
    );
  const used = await findByRequest(db, body.requestId);
  if (used) throw replayed(used);
  return { settings, db, body };
}
