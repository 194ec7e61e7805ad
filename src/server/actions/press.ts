/**
 * @module
 * One press of either action: every guard, the environment's one action slot, one shared run per
 * target (a second press in the same isolate joins it and is audited as joined), and the NDJSON stream
 * of its progress. Every press is audited, and its request id is used once whether it ran or joined.
 */
import type { Context } from "hono";
import type { RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { actionPressed } from "../../core/notify/record-events.ts";
import { ApiFailure } from "../errors.ts";
import { beginAction, joinAction } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import { historyDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import { ndjsonAnswer } from "../lib/ndjson.ts";
import { retentionDays } from "../middleware/audit.ts";
import { deliverSoon } from "../notify/soon.ts";
import type { AppEnv } from "../types.ts";
import { actionAudit } from "./audit.ts";
import { redeployConvex } from "./convex-redeploy.ts";
import { prepareConvex } from "./convex-target.ts";
import { replayed } from "./guards.ts";
import { rollbackPages } from "./pages-rollback.ts";
import { preparePages } from "./pages-target.ts";
import { named } from "./refs.ts";
import type { ActionKind, Prepared } from "./types.ts";

const NOUN: Record<ActionKind, string> = { pages: "rollback", convex: "Convex redeploy" };

export async function pressAction(c: Context<AppEnv>, kind: ActionKind): Promise<Response> {
  const started = Date.now();
  const pressedAt = new Date(started).toISOString();
  const runtime = c.get("runtime");
  const env = c.get("environment");
  const bindings = c.env ?? {};
  const actor = actorOf(c.get("identity"));
  let db: D1Database | undefined;
  const audit = actionAudit({
    db: () => db,
    environment: env.id,
    actor,
    startedMs: started,
    retentionDays: retentionDays(c.env?.RUNBOOK_AUDIT_RETENTION_DAYS),
  });
  const refuse = async (failure: ApiFailure, target: string | null): Promise<never> => {
    await audit("refused", failure.status, target, `${failure.code}: ${failure.message}`);
    throw failure;
  };

  let prepared: Prepared;
  try {
    const haveDb = (d: D1Database) => {
      db = d;
    };
    prepared = await (kind === "pages" ? preparePages : prepareConvex)(c, runtime, env, bindings, actor, haveDb);
  } catch (error) {
    if (error instanceof ApiFailure) {
      // Refusals before the database was checked are recorded too, wherever it is usable.
      db ??= await historyDatabase(c.env?.RUNBOOK_DB).catch(() => undefined);
      await refuse(error, null);
    }
    throw error;
  }
  const { settings, body, from, to } = prepared;
  const database = prepared.db;
  const reason = body.reason.trim();
  const notify = { siteUrl: new URL(c.req.url).origin, tell: (ids: string[]) => deliverSoon(c, ids) };
  const key = `${kind}-action:${env.id}:${to.id}`;
  const joined = runtime.shared.inFlight(key);
  let actionId = 0;
  if (joined) {
    const press = await joinAction(database, { environment: env.id, requestId: body.requestId, actor, at: pressedAt });
    if ("replayed" in press) return refuse(replayed(press.replayed), to.shortId);
    const leader = press.joined?.actor ?? "someone";
    actionId = press.joined?.id ?? 0;
    await audit(
      "joined",
      200,
      to.shortId,
      `joined ${leader}'s ${NOUN[kind]} from ${named(from)} to ${named(to)} · reason: "${reason}" · nothing was sent for this press`,
    );
  } else {
    const actionKind = kind === "pages" ? "pages-rollback" : "convex-redeploy";
    const pressed = actionPressed(
      { environment: env, actor, at: pressedAt, siteUrl: notify.siteUrl },
      { kind: actionKind, fromId: from.id, toId: to.id, toCommit: to.commit ?? null, reason },
    );
    const begun = await beginAction(
      database,
      {
        environment: env.id,
        kind: actionKind,
        requestId: body.requestId,
        actor,
        at: pressedAt,
        fromId: from.id,
        fromCommit: from.commit ?? null,
        toId: to.id,
        toCommit: to.commit ?? null,
        reason,
      },
      started,
      pressed,
    );
    if ("replayed" in begun) return refuse(replayed(begun.replayed), to.shortId);
    if ("running" in begun) {
      const r = begun.running;
      // Counted like a joined press: its request id is used up, so replaying it later calls nothing.
      await joinAction(database, { environment: env.id, requestId: body.requestId, actor, at: pressedAt });
      return refuse(
        new ApiFailure(
          409,
          "rollback_in_progress",
          `${r.actor} is already rolling ${env.id} back to ${r.toId.slice(0, 8)} (since ${r.at}, reason: "${r.reason}"): nothing was sent for this press; watch the page, it will show the result`,
        ),
        to.shortId,
      );
    }
    actionId = begun.id;
    notify.tell([pressed.id]);
  }

  return ndjsonAnswer<RollbackEvent>(
    c,
    "actions",
    async (send) => {
      await runtime.shared.run<RollbackEvent, RollbackEvent>(
        key,
        (publish) =>
          // A press that joined never calls the provider itself, even if the run it joined went away.
          joined
            ? Promise.reject(new Error(`the ${NOUN[kind]} this press joined stopped before it finished`))
            : (kind === "pages" ? rollbackPages : redeployConvex)({
                runtime,
                env,
                bindings,
                settings,
                db: database,
                actor,
                actionId,
                from,
                to,
                reason,
                pressedAt,
                publish,
                audit,
                notify,
              }),
        { onEvent: (event) => void send(joined && event.type === "start" ? { ...event, joined: true } : event) },
      );
    },
    () => ({
      type: "result",
      outcome: "unknown",
      headline: "The action stopped unexpectedly; the Function log has the details.",
      next: "Read the Rollback page again to see what is live before pressing again.",
      by: actor,
      actionId,
      deploymentId: null,
      code: "internal",
    }),
  );
}
