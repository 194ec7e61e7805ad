import { Hono } from "hono";
import type { z } from "zod";
import { AUDIT_HEADER, auditRows, csvTable } from "../../core/history/export.ts";
import { READ_KINDS } from "../../core/history/schemas.ts";
import { type AuditFilter, listAudit } from "../history/audit-store.ts";
import { historyDatabase } from "../history/database.ts";
import { auditQuery } from "../history/inputs.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";
import { validQuery } from "../validation/index.ts";

/** Exports read the log in pages of this many rows, so an export of 100,000 rows never holds them all at once. */
const EXPORT_PAGE = 5000;
/** The most rows one export holds (the retention window keeps the log near this on a busy team). */
const EXPORT_MAX = 100_000;

/** The store's filter from the query: one place, so the page and every export filter alike. */
export function auditFilter(query: z.output<typeof auditQuery>): Omit<AuditFilter, "limit" | "before"> {
  return {
    environment: query.env,
    actor: query.person,
    kind: query.kind,
    withoutKinds: query.reads === "exclude" ? READ_KINDS : undefined,
    since: query.since && new Date(query.since).toISOString(),
    until: query.until && new Date(query.until).toISOString(),
  };
}

/**
 * An export's file name says what it holds: `audit-all` only when nothing is filtered, else each filter,
 * e.g. `audit-demo-ana-rollback-action-from-2026-12-01` or `audit-actions` (the reads left out).
 */
export function exportName(query: z.output<typeof auditQuery>): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/@.*$/, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40);
  const parts = [
    query.env,
    query.person && slug(query.person),
    query.kind ?? (query.reads === "exclude" ? "actions" : undefined),
    query.since && `from-${query.since.slice(0, 10)}`,
    query.until && `until-${query.until.slice(0, 10)}`,
  ].filter((p): p is string => Boolean(p));
  return `audit-${parts.length ? parts.join("-") : "all"}`;
}

/**
 * `GET /api/audit`: who ran what, newest first, filtered by `env`, `person`, `kind` and a time range
 * (`since`, `until`: ISO times); `format=csv` or `json` downloads it (up to 100,000 rows).
 */
export const audit = new Hono<AppEnv>().get(
  "/",
  described(
    "Who ran what, newest first, filtered by env, part of a person, kind, reads and time; format=csv or json downloads it, named after its filters.",
  ),
  validQuery(auditQuery),
  async (c) => {
    const query = c.req.valid("query");
    const db = await historyDatabase(c.env?.RUNBOOK_DB);
    const filter = auditFilter(query);
    if (!query.format) return c.json(await listAudit(db, { ...filter, limit: query.limit, before: query.before }));
    const format = query.format;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let before = query.before;
        let sent = 0;
        controller.enqueue(encoder.encode(format === "csv" ? csvTable(AUDIT_HEADER, []) : '{"entries":['));
        for (;;) {
          const page = await listAudit(db, { ...filter, before, limit: Math.min(EXPORT_PAGE, EXPORT_MAX - sent) });
          const body =
            format === "csv"
              ? csvTable([], auditRows(page.entries)).replace(/^\r\n/, "")
              : page.entries.map((e, i) => `${sent + i === 0 ? "" : ","}\n${JSON.stringify(e)}`).join("");
          if (page.entries.length > 0) controller.enqueue(encoder.encode(body));
          sent += page.entries.length;
          if (page.next === null || sent >= EXPORT_MAX) break;
          before = page.next;
        }
        if (format === "json") controller.enqueue(encoder.encode("\n]}\n"));
        controller.close();
      },
    });
    const name = `${exportName(query)}-${new Date().toISOString().slice(0, 10)}.${format}`;
    return c.body(stream, 200, {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
    });
  },
);
