/**
 * @module
 * Writes every run to the audit log: who (the verified identity), what (kind from the route, the
 * check id from the path), which environment, when, outcome and duration. Nothing from a body, a
 * header or a token is kept. Registered once for the whole API; routes do not know about it.
 * Without a bound and migrated `RUNBOOK_DB` it does nothing, and a failed write never fails the run.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AuditKind } from "../../core/history/schemas.ts";
import type { AppEnv } from "../app.ts";
import { ApiFailure } from "../errors.ts";
import { type AuditRecord, DEFAULT_RETENTION_DAYS, writeAudit } from "../history/audit-store.ts";
import { historyDatabase, isDatabase } from "../history/database.ts";
import { actorOf } from "../history/inputs.ts";

/** Which requests are runs, and their kind. The first capture group, when there is one, is the target. */
const RUNS: { method: string; path: RegExp; kind: AuditKind }[] = [
  { method: "POST", path: /^\/api\/checks\/([a-z0-9][a-z0-9-]{0,62})\/run\/?$/, kind: "check" },
  { method: "POST", path: /^\/api\/verify\/?$/, kind: "verify-all" },
  // Verify-all as the page runs it: one invocation per smoke check, each audited with its check.
  { method: "POST", path: /^\/api\/verify\/checks\/([a-z0-9][a-z0-9-]{0,62})\/?$/, kind: "verify-all" },
  { method: "POST", path: /^\/api\/webhooks\/probe\/?$/, kind: "webhook-probe" },
  { method: "GET", path: /^\/api\/config-check\/?$/, kind: "config-check" },
  { method: "GET", path: /^\/api\/version\/?$/, kind: "version" },
  { method: "GET", path: /^\/api\/rollback\/?$/, kind: "rollback" },
  { method: "GET", path: /^\/api\/dns\/?$/, kind: "dns" },
  { method: "GET", path: /^\/api\/build\/?$/, kind: "build" },
  // Who started or joined a watch; its samples (one request per watcher per interval) are not each recorded.
  { method: "POST", path: /^\/api\/monitor\/?$/, kind: "monitor" },
];

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

export function auditRuns(): MiddlewareHandler<AppEnv> {
  let warned = false;
  return async function auditRunsHandler(c, next) {
    const run = RUNS.find((r) => r.method === c.req.method && r.path.test(c.req.path));
    if (!run || !isDatabase(c.env?.RUNBOOK_DB)) return next();
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
      environment: env && /^[a-z0-9][a-z0-9-]{0,62}$/.test(env) ? env : null,
      kind: run.kind,
      target: run.path.exec(c.req.path)?.[1] ?? null,
      httpStatus: c.res.status,
    };
    const write = async () => {
      const outcome = await outcomeOf(c, run.kind);
      try {
        await writeAudit(
          await historyDatabase(c.env?.RUNBOOK_DB),
          { ...base, outcome, durationMs: Date.now() - started },
          days,
        );
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
  };
}

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
