import { described } from "../middleware/reference.ts";
/**
 * @module
 * `GET|POST /api/actions/rollback?env=`: the guarded Pages rollback from the Rollback page (and
 * `GET|POST /api/actions/convex-redeploy?env=`: the same for Convex, by dispatching the configured
 * deploy workflow at the good commit). The GET
 * says whether the button exists for this reader and lists the targets; the POST checks every guard
 * again (never trusting the page), calls Cloudflare's rollback once however many press together, then
 * runs the smoke suite and the version check and streams all of it as NDJSON. Every press is recorded
 * (audit log, actions table, the deployment record); without D1 nothing is done at all.
 */

import { type Context, Hono } from "hono";
import { z } from "zod";
import { runSmoke } from "../../core/checks/run.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { sameCommit, shortSha } from "../../core/deploy/commits.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import {
  type ActionOutcome,
  type DeploymentRef,
  isAllowed,
  type RollbackActionState,
  type RollbackEvent,
  targetProblem,
} from "../../core/deploy/rollback-action.ts";
import type { VerifySummary } from "../../core/result.ts";
import { readVersion } from "../clients/app.ts";
import { pagesWriteClient } from "../clients/cloudflare-write.ts";
import { dispatchWorkflow } from "../clients/github-write.ts";
import { ApiFailure } from "../errors.ts";
import { beginAction, findByRequest, finishAction, latestAction, noteOnDeployment } from "../history/actions-store.ts";
import { writeAudit } from "../history/audit-store.ts";
import type { D1Database } from "../history/d1.ts";
import { historyDatabase } from "../history/database.ts";
import { refuseClaimedIdentity } from "../history/inputs.ts";
import { actorOf } from "../lib/actor.ts";
import { keepAlive } from "../lib/keep-alive.ts";
import { retentionDays } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { type PagesReading, readPages } from "../reports/pages-state.ts";
import { rollbackReport } from "../reports/rollback.ts";
import { versionReport } from "../reports/version.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { clientKey, limitBody, parseInput, readJson, text } from "../validation/index.ts";

/** A form older than this is refused as a possible replay: read the page again. */
export const MAX_AGE_SECONDS = 15 * 60;
/** Clocks may differ a little; an `issuedAt` further in the future than this is refused too. */
const FUTURE_SKEW_MS = 60_000;
/** Subrequests kept back from the smoke run for the reads, the rollback and the version check. */
const RESERVED_SUBREQUESTS = 15;

const deploymentId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "expected a Pages deployment id");
const rollbackBody = z
  .object({
    target: deploymentId,
    reason: text(500, "multi"),
    confirm: z.string().max(64, "at most 64 characters"),
    expectedLive: deploymentId,
    requestId: clientKey,
    issuedAt: z.iso.datetime({ message: "expected the issuedAt of GET /api/actions/rollback (an ISO time)" }),
  })
  .strict();

type Settings = NonNullable<ResolvedEnvironment["rollbackAction"]>;

/**
 * The guards that need no database and no upstream, in order: enabled in the config, the reader on the
 * allow-list, the write token bound. The settings, or the refusal.
 */
function guard(
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
): { settings: Settings } | { refusal: ApiFailure } {
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
  const token = (bindings as Record<string, unknown>)[settings.writeTokenVariable];
  if (typeof token !== "string" || token.trim() === "")
    return {
      refusal: new ApiFailure(
        503,
        "write_token_missing",
        `no write token: set ${settings.writeTokenVariable} (a Cloudflare API token with Account → Cloudflare Pages → Edit, apart from the read token) in the Pages project's secrets, or .dev.vars locally`,
      ),
    };
  return { settings };
}

function notAllowed(actor: string, env: ResolvedEnvironment): ApiFailure {
  return new ApiFailure(
    403,
    "not_allowed",
    `${actor} is not on the allow-list for rolling back ${env.id} (environments.${env.id}.rollbackAction.allow in runbook.config.json); ask someone on it, or use the command on the page`,
  );
}

const ref = (d: Pick<DeploymentRecord, "id" | "shortId" | "commit" | "createdOn">): DeploymentRef => ({
  id: d.id,
  shortId: d.shortId,
  ...(d.commit && { commit: d.commit }),
  createdOn: d.createdOn,
});

const named = (d: DeploymentRef) =>
  `${d.shortId}${d.commit && d.commit !== d.id ? ` (commit ${shortSha(d.commit)})` : ""}`;

function pagesClients(runtime: Runtime, env: ResolvedEnvironment, bindings: object) {
  const clients = deployClients(runtime.fetch, env, bindings);
  if (!clients.pages) throw new Error("[actions] cloudflare settings vanished");
  return { clients, pages: clients.pages };
}

async function readLive(runtime: Runtime, env: ResolvedEnvironment, bindings: object): Promise<PagesReading> {
  const { clients, pages } = pagesClients(runtime, env, bindings);
  const reading = await readPages(pages, env, clients.deadline);
  if (!reading.ok)
    throw new ApiFailure(
      502,
      "pages_unreadable",
      `the Pages deployment list could not be read, so nothing was changed: ${reading.error.message}`,
    );
  return reading.data;
}

/**
 * What both state reads (`GET /api/actions/rollback` and `/convex-redeploy`) start from: the request's
 * environment and actor, and an answer that fills in "not available" and the time taken around what it is given.
 */
function stateRequest(c: Context<AppEnv>) {
  const started = performance.now();
  const env = c.get("environment");
  const actor = actorOf(c.get("identity"));
  const now = new Date().toISOString();
  const state: RollbackActionState = {
    environment: env.id,
    available: false,
    actor,
    live: null,
    targets: [],
    issuedAt: now,
    maxAgeSeconds: MAX_AGE_SECONDS,
    checkedAt: now,
    durationMs: 0,
  };
  const answer = (extra: Partial<RollbackActionState>) =>
    c.json({ ...state, ...extra, durationMs: Math.round(performance.now() - started) });
  return { runtime: c.get("runtime"), env, bindings: c.env ?? {}, actor, answer };
}

export const actions = new Hono<AppEnv>()
  .get(
    "/rollback",
    described("Whether the guarded Pages rollback is available to this reader, and its targets."),
    limitRuns(),
    environmentParam(),
    async (c) => {
      const { runtime, env, bindings, actor, answer } = stateRequest(c);
      const guarded = guard(env, bindings, actor);
      if ("refusal" in guarded) return answer({ why: guarded.refusal.message });
      let db: D1Database;
      try {
        db = await historyDatabase(c.env?.RUNBOOK_DB);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        return answer({ why: `no unaudited writes: ${error.message}` });
      }
      const [reading, last] = await Promise.all([
        readLive(runtime, env, bindings).catch((error: unknown) => error as Error),
        latestAction(db, env.id),
      ]);
      const lastSummary = last && {
        last: {
          by: last.actor,
          at: last.at,
          fromId: last.fromId,
          toId: last.toId,
          reason: last.reason,
          status: last.status,
          verification: last.verification,
        },
      };
      if (reading instanceof Error) return answer({ why: reading.message, ...lastSummary });
      const live = reading.selection.live;
      if (!live)
        return answer({ why: "Pages reports no served production deployment to roll back from", ...lastSummary });
      const targets = reading.selection.candidates
        .filter((d) => Date.parse(d.createdOn) < Date.parse(live.createdOn))
        .map(ref);
      const { newest, rolledBack } = reading.selection;
      return answer({
        available: true,
        live: ref(live),
        targets,
        ...(rolledBack && newest && { newest: ref(newest) }),
        ...lastSummary,
      });
    },
  )
  .post(
    "/rollback",
    described(
      "The guarded Pages rollback: every guard again, one rollback however many press, then verification, streamed as NDJSON.",
    ),
    limitRuns(),
    environmentParam(),
    limitBody(),
    (c) => pressAction(c, "pages"),
  )
  .get(
    "/convex-redeploy",
    described("Whether the guarded Convex redeploy is available to this reader, and its targets."),
    limitRuns(),
    environmentParam(),
    (c) => convexState(c),
  )
  .post(
    "/convex-redeploy",
    described(
      "The guarded Convex redeploy of a known-good commit through the deploy workflow, verified and streamed as NDJSON.",
    ),
    limitRuns(),
    environmentParam(),
    limitBody(),
    (c) => pressAction(c, "convex"),
  );

type ActionKind = "pages" | "convex";

/** One press of either action: every guard, the lock, one shared run, the NDJSON stream. */
async function pressAction(c: Context<AppEnv>, kind: ActionKind): Promise<Response> {
  const started = Date.now();
  const runtime = c.get("runtime");
  const env = c.get("environment");
  const bindings = c.env ?? {};
  const actor = actorOf(c.get("identity"));
  let db: D1Database | undefined;
  const audit = (outcome: string, status: number, target: string | null, detail: string) =>
    db
      ? writeAudit(
          db,
          {
            at: new Date(started).toISOString(),
            actor,
            environment: env.id,
            kind: "rollback-action",
            target,
            outcome,
            httpStatus: status,
            durationMs: Date.now() - started,
            detail,
          },
          retentionDays(c.env?.RUNBOOK_AUDIT_RETENTION_DAYS),
        ).catch((error: unknown) => console.error(`[actions] audit not recorded: ${(error as Error).message}`))
      : Promise.resolve();

  let prepared: Prepared;
  try {
    const haveDb = (d: D1Database) => {
      db = d;
    };
    prepared =
      kind === "pages"
        ? await prepare(c, runtime, env, bindings, actor, haveDb)
        : await prepareConvex(c, runtime, env, bindings, actor, haveDb);
  } catch (error) {
    if (error instanceof ApiFailure) {
      // Refusals before the database was checked are recorded too, wherever it is usable.
      db ??= await historyDatabase(c.env?.RUNBOOK_DB).catch(() => undefined);
      await audit("refused", error.status, null, `${error.code}: ${error.message}`);
    }
    throw error;
  }
  const { settings, body, from, to } = prepared;
  const database = prepared.db;
  const key = `${kind}-action:${env.id}:${to.id}`;
  const joined = runtime.shared.inFlight(key);
  let actionId = 0;
  if (!joined) {
    const begun = await beginAction(database, {
      environment: env.id,
      kind: kind === "pages" ? "pages-rollback" : "convex-redeploy",
      requestId: body.requestId,
      actor,
      at: new Date(started).toISOString(),
      fromId: from.id,
      fromCommit: from.commit ?? null,
      toId: to.id,
      toCommit: to.commit ?? null,
      reason: body.reason.trim(),
    });
    if ("replayed" in begun) {
      const failure = replayed(begun.replayed);
      await audit("refused", 409, to.shortId, `${failure.code}: ${failure.message}`);
      throw failure;
    }
    if ("running" in begun) {
      const r = begun.running;
      const failure = new ApiFailure(
        409,
        "rollback_in_progress",
        `${r.actor} is already rolling ${env.id} back to ${r.toId.slice(0, 8)} (since ${r.at}, reason: "${r.reason}"): nothing was sent for this press; watch the page, it will show the result`,
      );
      await audit("refused", 409, to.shortId, `${failure.code}: ${failure.message}`);
      throw failure;
    }
    actionId = begun.id;
  }

  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const send = (event: RollbackEvent) => writer.write(encoder.encode(`${JSON.stringify(event)}\n`)).catch(() => {});
  const work = (async () => {
    try {
      await runtime.shared.run<RollbackEvent, RollbackEvent>(
        key,
        (publish) =>
          // A press that joined never calls Cloudflare itself, even if the run it joined went away.
          joined
            ? Promise.reject(new Error("the rollback this press joined stopped before it finished"))
            : (kind === "pages" ? performRollback : performConvexRedeploy)({
                runtime,
                env,
                bindings,
                settings,
                db: database,
                actor,
                actionId,
                from,
                to,
                reason: body.reason.trim(),
                publish,
                audit,
              }),
        { onEvent: (event) => void send(joined && event.type === "start" ? { ...event, joined: true } : event) },
      );
    } catch (error) {
      console.error("[actions] rollback failed", error);
      await send({
        type: "result",
        outcome: "not-rolled-back",
        headline: "The action stopped unexpectedly; the Function log has the details.",
        next: "Read the Rollback page again to see what Pages serves before pressing again.",
        by: actor,
        actionId,
        deploymentId: null,
        code: "internal",
      });
    } finally {
      await writer.close().catch(() => {});
    }
  })();
  keepAlive(c, work);
  return c.body(readable, 200, { "content-type": "application/x-ndjson; charset=utf-8" });
}

interface Prepared {
  settings: Settings;
  db: D1Database;
  body: z.output<typeof rollbackBody>;
  from: DeploymentRef;
  to: DeploymentRef;
}

/**
 * The guards both actions share, in order: the action's own (enabled, allow-list, write token), D1, the
 * body, the typed confirmation, the reason, the request's age and its one-time id.
 */
async function commonGuards(
  c: Context<AppEnv>,
  env: ResolvedEnvironment,
  guarded: { settings: Settings } | { refusal: ApiFailure },
  haveDb: (db: D1Database) => void,
): Promise<{ settings: Settings; db: D1Database; body: z.output<typeof rollbackBody> }> {
  if ("refusal" in guarded) throw guarded.refusal;
  const { settings } = guarded;
  // No unaudited writes: without the history database nothing is done.
  const db = await historyDatabase(c.env?.RUNBOOK_DB);
  haveDb(db);
  // Read here, not by a validator in front of the route: the action's own guards and D1 come first.
  const raw = await readJson(c);
  refuseClaimedIdentity(raw);
  const body = parseInput(rollbackBody, raw, "body");
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

/** Every guard of the Pages rollback, in order; each refusal is an `ApiFailure` and nothing has been changed. */
async function prepare(
  c: Context<AppEnv>,
  runtime: Runtime,
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
  haveDb: (db: D1Database) => void,
): Promise<Prepared> {
  const { settings, db, body } = await commonGuards(c, env, guard(env, bindings, actor), haveDb);
  const reading = await readLive(runtime, env, bindings);
  const live = reading.selection.live;
  if (!live)
    throw new ApiFailure(
      409,
      "no_live_deployment",
      "Pages reports no served production deployment: nothing to roll back from",
    );
  if (live.id !== body.expectedLive) {
    const last = await latestAction(db, env.id);
    const who =
      last && last.toId === live.id ? ` ${last.actor} rolled back to it at ${last.at} (reason: "${last.reason}").` : "";
    throw new ApiFailure(
      409,
      "live_changed",
      `Pages now serves ${live.shortId}, not ${body.expectedLive.slice(0, 8)} as the page showed: the page is stale, so nothing was changed.${who} Read the Rollback page again before deciding.`,
    );
  }
  let target: DeploymentRecord | undefined = reading.deployments.find((d) => d.id === body.target);
  if (!target) {
    const cloudflare = env.cloudflare;
    if (!cloudflare) throw new Error("[actions] cloudflare settings vanished");
    const one = await pagesWriteClient({
      fetch: runtime.fetch,
      settings: cloudflare,
      writeTokenVariable: settings.writeTokenVariable,
      bindings,
      environmentId: env.id,
    }).deployment(body.target);
    if (!one.ok && one.error.code === "not_found")
      throw new ApiFailure(
        404,
        "target_unknown",
        `Pages project ${cloudflare.pagesProject} has no deployment ${body.target.slice(0, 64)}: pick one from the list on the Rollback page`,
      );
    if (!one.ok)
      throw new ApiFailure(
        502,
        "pages_unreadable",
        `deployment ${body.target.slice(0, 64)} could not be read: ${one.error.message}`,
      );
    target = one.data;
  }
  const problem = targetProblem(target, live);
  if (problem) throw new ApiFailure(409, problem.code, `${problem.message}; nothing was changed`);
  return { settings, db, body, from: ref(live), to: ref(target) };
}

function replayed(used: { actor: string; at: string; status: string }): ApiFailure {
  return new ApiFailure(
    409,
    "request_replayed",
    `this request id was already used by ${used.actor} at ${used.at} (${used.status}): a request is performed at most once; read the Rollback page again to press anew`,
  );
}

/** Records the end of an action (its row, the deployment note, the audit row) and publishes the result. */
function finisher(o: PerformOptions, what: string) {
  const { env, publish, to, from } = o;
  return async (
    outcome: ActionOutcome,
    headline: string,
    next: string,
    verification: string,
    code?: string,
  ): Promise<RollbackEvent> => {
    const now = new Date().toISOString();
    const status =
      outcome === "verified" ? "verified" : outcome === "verify-failed" ? "verify_failed" : "not_rolled_back";
    const line = `${what} ${named(from)} → ${named(to)} by ${o.actor}, reason: "${o.reason}". ${headline} ${verification}`;
    let deploymentId: number | null = null;
    try {
      deploymentId = await noteOnDeployment(
        o.db,
        {
          environment: env.id,
          actionId: o.actionId,
          text: line.slice(0, 2000),
          rolledBack: outcome !== "not-rolled-back",
        },
        o.actor,
        now,
      );
      await finishAction(o.db, o.actionId, { status, verification, deploymentId }, now);
    } catch (error) {
      console.error(`[actions] action ${o.actionId} not fully recorded: ${(error as Error).message}`);
    }
    await o.audit(
      outcome,
      200,
      to.shortId,
      `from ${named(from)} to ${named(to)} · reason: "${o.reason}" · ${headline} ${verification}`.slice(0, 2000),
    );
    const result: RollbackEvent = {
      type: "result",
      outcome,
      headline,
      next,
      by: o.actor,
      actionId: o.actionId,
      deploymentId,
      ...(code && { code }),
    };
    publish(result);
    return result;
  };
}

/** The smoke suite after an action, each result and the summary published as they come. */
async function smokeRun(o: PerformOptions): Promise<VerifySummary> {
  const { runtime, env, publish } = o;
  const { summary } = await runSmoke(
    { fetch: runtime.fetch, environment: env },
    {
      criteria: runtime.loaded.config.successCriteria,
      limits: {
        connections: runtime.limits.connections,
        requests: Math.max(5, runtime.limits.subrequests - RESERVED_SUBREQUESTS),
      },
      onResult: (result) => publish({ type: "check", result }),
    },
  );
  publish({ type: "smoke", summary });
  return summary;
}

interface PerformOptions {
  runtime: Runtime;
  env: ResolvedEnvironment;
  bindings: object;
  settings: Settings;
  db: D1Database;
  actor: string;
  actionId: number;
  from: DeploymentRef;
  to: DeploymentRef;
  reason: string;
  publish: (event: RollbackEvent) => void;
  audit: (outcome: string, status: number, target: string | null, detail: string) => Promise<void>;
}

/** The one run per target that calls Cloudflare, verifies, records, and publishes each step. */
async function performRollback(o: PerformOptions): Promise<RollbackEvent> {
  const { runtime, env, publish, to, from } = o;
  publish({ type: "start", environment: env.id, by: o.actor, from, to, reason: o.reason, joined: false });
  const cloudflare = env.cloudflare;
  if (!cloudflare) throw new Error("[actions] cloudflare settings vanished");
  const rolled = await pagesWriteClient({
    fetch: runtime.fetch,
    settings: cloudflare,
    writeTokenVariable: o.settings.writeTokenVariable,
    bindings: o.bindings,
    environmentId: env.id,
  }).rollback(to.id);

  const finish = finisher(o, "Pages rollback");
  if (!rolled.ok)
    return finish(
      "not-rolled-back",
      `Not rolled back: Cloudflare refused, nothing changed (${rolled.error.message})`,
      "Fix what Cloudflare names, or run the rollback command from the page; Pages still serves the deployment it served.",
      "No verification: nothing changed.",
      "cloudflare_refused",
    );
  publish({ type: "rolled-back", live: ref(rolled.data) });
  // Reused check answers describe the deployment served before.
  await Promise.all([runtime.reuse.checks.clear(), runtime.reuse.verify.clear()]);

  const summary = await smokeRun(o);
  const report = await versionReport(deployClients(runtime.fetch, env, o.bindings));
  const liveId = report.pages.ok ? (report.pages.data.live?.id ?? null) : null;
  const frontendCommit = report.frontend.ok ? report.frontend.data.commit : null;
  const matches = liveId === to.id && (frontendCommit === null || !to.commit || sameCommit(frontendCommit, to.commit));
  publish({
    type: "version",
    status: report.status,
    liveId,
    frontendCommit,
    matches,
    drift: report.drift.filter((d) => d.severity === "warn").map((d) => d.title),
  });
  const smoke = `Smoke suite: ${summary.status} (${summary.summary}).`;
  const version = matches
    ? `Version check: Pages serves ${to.shortId}${frontendCommit ? ` and the app reports commit ${shortSha(frontendCommit)}` : ""}.`
    : `Version check: Pages serves ${liveId ? liveId.slice(0, 8) : "an unknown deployment"}${frontendCommit ? `, the app reports commit ${shortSha(frontendCommit)}` : ""}, not ${named(to)} yet.`;
  if (summary.status !== "fail" && matches)
    return finish(
      "verified",
      `Rolled back and verified: Pages serves ${named(to)}.`,
      "Tell the team, then fix forward; roll forward with the command on the page once the fix is deployed.",
      `${smoke} ${version}`,
    );
  return finish(
    "verify-failed",
    `Rolled back, but verification failed: Pages was switched to ${named(to)}.`,
    matches
      ? "The deployment you rolled back to fails the smoke suite too: look at the failing checks above, roll back further if it is bad as well, or check the backend (Convex) and its recent deploys."
      : "The served version does not match yet: wait a minute (the switch takes a moment to reach every location) and run Verify again; if it still differs, check the Pages dashboard.",
    `${smoke} ${version}`,
  );
}

/** A commit as the actions name it (a commit has no creation time here). */
const commitRef = (sha: string): DeploymentRef => ({ id: sha, shortId: shortSha(sha), commit: sha, createdOn: "" });

/** The Convex redeploy's own guards, in order: enabled with a workflow, the allow-list, its GitHub write token. */
function convexGuard(
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
): { settings: Settings } | { refusal: ApiFailure } {
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
  const token = (bindings as Record<string, unknown>)[workflow.tokenVariable];
  if (typeof token !== "string" || token.trim() === "")
    return {
      refusal: new ApiFailure(
        503,
        "write_token_missing",
        `no write token: set ${workflow.tokenVariable} (a GitHub token with Actions: Read and write on ${env.github.repo}, apart from the read token) in the Pages project's secrets, or .dev.vars locally`,
      ),
    };
  return { settings };
}

/** What the Convex section of the rollback report says: what runs now and the commit to go back to. */
async function readConvexPlan(runtime: Runtime, env: ResolvedEnvironment, bindings: object) {
  const report = await rollbackReport(deployClients(runtime.fetch, env, bindings));
  if (!report.convex.ok)
    throw new ApiFailure(
      502,
      "plan_unreadable",
      `the Convex rollback target could not be worked out, so nothing was changed: ${report.convex.error.message}`,
    );
  return report.convex.data;
}

/** `GET /api/actions/convex-redeploy?env=`: the same answer as the Pages one, with commits for deployments. */
async function convexState(c: Context<AppEnv>): Promise<Response> {
  const { runtime, env, bindings, actor, answer } = stateRequest(c);
  const guarded = convexGuard(env, bindings, actor);
  if ("refusal" in guarded) return answer({ why: guarded.refusal.message });
  try {
    await historyDatabase(c.env?.RUNBOOK_DB);
    const plan = await readConvexPlan(runtime, env, bindings);
    if (!plan.current) return answer({ why: "Convex's version endpoint did not answer, so what runs now is unknown" });
    if (plan.upToDate)
      return answer({ live: commitRef(plan.current.sha), why: `Convex already runs ${shortSha(plan.target.sha)}` });
    return answer({ available: true, live: commitRef(plan.current.sha), targets: [commitRef(plan.target.sha)] });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return answer({ why: error.message });
  }
}

/** Every guard of the Convex redeploy; the target must be the commit the rollback plan names. */
async function prepareConvex(
  c: Context<AppEnv>,
  runtime: Runtime,
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
  haveDb: (db: D1Database) => void,
): Promise<Prepared> {
  const { settings, db, body } = await commonGuards(c, env, convexGuard(env, bindings, actor), haveDb);
  const plan = await readConvexPlan(runtime, env, bindings);
  if (!plan.current)
    throw new ApiFailure(
      409,
      "no_live_deployment",
      "Convex's version endpoint did not answer: what runs now is unknown",
    );
  if (!sameCommit(plan.current.sha, body.expectedLive)) {
    const last = await latestAction(db, env.id);
    const who =
      last && sameCommit(last.toId, plan.current.sha)
        ? ` ${last.actor} redeployed it at ${last.at} (reason: "${last.reason}").`
        : "";
    throw new ApiFailure(
      409,
      "live_changed",
      `Convex now runs ${shortSha(plan.current.sha)}, not ${body.expectedLive.slice(0, 7)} as the page showed: the page is stale, so nothing was changed.${who} Read the Rollback page again before deciding.`,
    );
  }
  if (!sameCommit(plan.target.sha, body.target))
    throw new ApiFailure(
      409,
      "target_not_planned",
      `Convex goes back to ${shortSha(plan.target.sha)}, the commit Pages says was good (${plan.reason}), not ${body.target.slice(0, 40)}; nothing was changed`,
    );
  if (plan.upToDate)
    throw new ApiFailure(
      409,
      "target_not_older",
      `Convex already runs ${shortSha(plan.target.sha)}; nothing was changed`,
    );
  return { settings, db, body, from: commitRef(plan.current.sha), to: commitRef(plan.target.sha) };
}

/**
 * When the Function asks Convex again for the dispatched commit before it verifies anyway: 20 s in six
 * reads, so the wait costs six subrequests of the invocation's budget, not twenty.
 */
const CONVEX_WAITS_MS = [0, 1_000, 2_000, 4_000, 6_000, 7_000];

/** Dispatches the Convex deploy workflow once, waits for Convex to report the commit, then verifies and records. */
async function performConvexRedeploy(o: PerformOptions): Promise<RollbackEvent> {
  const { runtime, env, publish, to, from } = o;
  publish({ type: "start", environment: env.id, by: o.actor, from, to, reason: o.reason, joined: false });
  const workflow = o.settings.convexWorkflow;
  const github = env.github;
  if (!workflow || !github) throw new Error("[actions] convex workflow settings vanished");
  const dispatched = await dispatchWorkflow({
    fetch: runtime.fetch,
    settings: github,
    workflow: workflow.workflow,
    input: workflow.input,
    tokenVariable: workflow.tokenVariable,
    bindings: o.bindings,
    sha: to.id,
  });
  const finish = finisher(o, "Convex redeploy");
  if (!dispatched.ok)
    return finish(
      "not-rolled-back",
      `Not redeployed: GitHub refused the dispatch, nothing changed (${dispatched.error.message})`,
      "Fix what GitHub names, or run the redeploy commands from the page; Convex still runs what it ran.",
      "No verification: nothing changed.",
      "github_refused",
    );
  const endpoint = deployClients(runtime.fetch, env, o.bindings).convex;
  let running: string | null = null;
  for (const wait of CONVEX_WAITS_MS) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const version = endpoint ? await readVersion(runtime.fetch, endpoint) : undefined;
    running = version?.ok ? version.data.commit : null;
    if (running && sameCommit(running, to.id)) break;
  }
  const arrived = running !== null && sameCommit(running, to.id);
  if (arrived) publish({ type: "rolled-back", live: to });
  await Promise.all([runtime.reuse.checks.clear(), runtime.reuse.verify.clear()]);
  const summary = await smokeRun(o);
  const smoke = `Smoke suite: ${summary.status} (${summary.summary}).`;
  const version = arrived
    ? `Version check: Convex reports commit ${shortSha(to.id)}.`
    : `Version check: Convex reports ${running ? shortSha(running) : "nothing readable"}, not ${shortSha(to.id)} yet.`;
  publish({
    type: "version",
    status: arrived ? "in-sync" : "incomplete",
    liveId: running,
    frontendCommit: null,
    matches: arrived,
    drift: [],
  });
  if (summary.status !== "fail" && arrived)
    return finish(
      "verified",
      `Redeployed and verified: Convex runs ${shortSha(to.id)}.`,
      "Tell the team, then fix forward; the next deploy of main replaces this.",
      `${smoke} ${version}`,
    );
  return finish(
    "verify-failed",
    `Dispatched, but verification failed: the deploy workflow was started for ${shortSha(to.id)}.`,
    arrived
      ? "Convex runs the old commit and the smoke suite still fails: look at the failing checks above and the frontend."
      : `The workflow may still be deploying: watch the deploy runs (${github.workflow} and ${workflow.workflow}) and press Verify once it finished.`,
    `${smoke} ${version}`,
  );
}
