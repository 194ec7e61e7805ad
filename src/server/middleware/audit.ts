/**
 * @module
 * Writes every run to the audit log: who (the verified identity), what (kind from the route, the
 * check id from the path), which environment, when, outcome and duration. Nothing from a body, a
 * header or a token is kept. Each route that is a run says so itself, first in its chain (so refusals
 * of the rate limit and of bad parameters are recorded too): `.get("/", audited("version"), ...)`.
 * Without a bound and migrated `RUNBOOK_DB` it does nothing, and a failed write never fails the run.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AuditKind } from "../../core/history/schemas.ts";
import { ApiFailure } from "../errors.ts";
import { type AuditRecord, DEFAULT_RETENTION_DAYS, writeAudit } from "../history/audit-store.ts";
import { historyDatabase, isDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import { eventStatements } from "../notify/events.ts";
import { deliverSoon } from "../notify/soon.ts";
import { verifyOutcomeEvent } from "../notify/verify-event.ts";
import type { AppEnv } from "../types.ts";
import { ID_PATTERN } from "../validation/index.ts";
import { noted } from "./reference.ts";

const VERDICTS = new Set(["pass", "warn", "fail", "error"]);

/** `RUNBOOK_AUDIT_RETENTION_DAYS`: days audit rows are kept (default 90); a bad value is a 500 naming it. */
export function retentionDays(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new ApiFailure(
      500,
      "config_invalid",
      `RUNBOOK_AUDIT_RETENTION_DAYS: expected whole days from 1 to 3650, got "${raw.slice(0, 32)}"`,
    );
  return days;
}

/**
 * Records each request of the route it is on as a run of `kind`. The target is the route's `:id` (a
 * check id; a request whose id is no id at all is not a run and is not recorded), the environment the
 * `env` query parameter when it is a well-formed id, configured or not.
 */
export function audited(kind: AuditKind): MiddlewareHandler<AppEnv> {
  let warned = false;
  return noted(
    async function auditedHandler(c, next) {
      const target = c.req.param("id");
      if ((target !== undefined && !ID_PATTERN.test(target)) || !isDatabase(c.env?.RUNBOOK_DB)) return next();
      const days = retentionDays(c.env.RUNBOOK_AUDIT_RETENTION_DAYS);
      const started = Date.now();
      const at = new Date(started).toISOString();
      await next();
      // A refusal of the rate limit is counted by the limit itself, one row per person and minute.
      if (c.res.status === 429) return;
      const env = c.req.query("env");
      const base: Omit<AuditRecord, "outcome" | "durationMs"> = {
        at,
        actor: actorOf(c.get("identity")),
        environment: env && ID_PATTERN.test(env) ? env : null,
        kind,
        target: target ?? null,
        httpStatus: c.res.status,
      };
      const write = async () => {
        const outcome = await outcomeOf(c, kind);
        try {
          const db = await historyDatabase(c.env?.RUNBOOK_DB);
          const told = verifyEvent(c, kind, target, outcome);
          await writeAudit(
            db,
            { ...base, outcome, durationMs: Date.now() - started },
            days,
            Date.now(),
            told ? eventStatements(db, told) : [],
          );
          if (told) deliverSoon(c, [told.id]);
        } catch (error) {
          if (!warned) console.error(`[audit] not recorded: ${(error as Error).message}`);
          warned = true;
        }
      };
      // write() swaps in a teed copy of a streamed answer before its first await, so the reader gets the copy.
      const pending = write();
      try {
        c.executionCtx.waitUntil(pending);
      } catch {
        // No execution context (Node, app.request): finish the write before answering.
        await pending;
      }
    },
    { audited: kind },
  );
}

/**
 * A whole verify-all run (one invocation, the CLI's and CI's `POST /api/verify`) tells the team how it
 * ended; the page's presses, one invocation per check, are judged when their last check is in
 * (`routes/verify.ts`, `history/verify-presses.ts`).
 */
function verifyEvent(c: Context<AppEnv>, kind: AuditKind, target: string | undefined, outcome: string) {
  if (kind !== "verify-all" || target !== undefined || !isVerdict(outcome)) return undefined;
  const environment = c.get("environment");
  if (!environment) return undefined;
  return verifyOutcomeEvent({
    environment,
    actor: actorOf(c.get("identity")),
    outcome,
    siteUrl: new URL(c.req.url).origin,
  });
}

const isVerdict = (outcome: string): outcome is "pass" | "warn" | "fail" =>
  outcome === "pass" || outcome === "warn" || outcome === "fail";

/**
 * The run's verdict when its answer has one (a check's `status`, verify-all's summary line, read from
 * a copy of the stream so the reader is not held up), else ok / refused / failed from the HTTP status.
 */
async function outcomeOf(c: Context<AppEnv>, kind: AuditKind): Promise<string> {
  const status = c.res.status;
  const byStatus = status < 400 ? "ok" : status < 500 ? "refused" : "failed";
  if (status !== 200 || c.res.body === null || (kind !== "check" && kind !== "verify-all")) return byStatus;
  if (kind === "check" || !c.res.headers.get("content-type")?.includes("ndjson")) {
    // A check's answer, or one check of verify-all (`{ result: { status } }`).
    const body = (await c.res
      .clone()
      .json()
      .catch(() => ({}))) as { status?: unknown; result?: { status?: unknown } };
    const verdict = body.status ?? body.result?.status;
    return typeof verdict === "string" && VERDICTS.has(verdict) ? verdict : byStatus;
  }
  const [forReader, forAudit] = c.res.body.tee();
  c.res = new Response(forReader, c.res);
  const text = await new Response(forAudit).text().catch(() => "");
  for (const line of text.trim().split("\n").reverse()) {
    try {
      const event = JSON.parse(line) as { type?: string; summary?: { status?: unknown } };
      if (event.type === "summary" && typeof event.summary?.status === "string") return event.summary.status;
      if (event.type === "error") return "error";
    } catch {
      return byStatus;
    }
  }
  return byStatus;
}
