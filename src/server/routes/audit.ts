import { Hono } from "hono";
import type { z } from "zod";
import { auditWriter } from "../../core/history/export.ts";
import { READ_KINDS } from "../../core/history/schemas.ts";
import { type AuditFilter, listAudit } from "../history/audit-store.ts";
import { historyDatabase } from "../history/database.ts";
import { download } from "../history/download.ts";
import { EXPORT_MAX, exportStream, keysetPages } from "../history/export-stream.ts";
import { auditQuery, pageLimit } from "../history/inputs.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";
import { validQuery } from "../validation/index.ts";

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
    "Who ran what, newest first, filtered by env, part of a person, kind, reads and time; format=csv, json or md streams the same rows as a download, named after its filters.",
  ),
  validQuery(auditQuery),
  async (c) => {
    const query = c.req.valid("query");
    const db = await historyDatabase(c.env?.RUNBOOK_DB);
    const filter = auditFilter(query);
    if (!query.format)
      return c.json(await listAudit(db, { ...filter, limit: pageLimit(query.limit, 200), before: query.before }));
    // The same rows as the list for the same query, streamed page by page (see core/history/export.ts).
    const pages = keysetPages(
      async (before, size) => (await listAudit(db, { ...filter, before, limit: size })).entries,
      {
        limit: query.limit ?? EXPORT_MAX,
        before: query.before,
      },
    );
    const filters = Object.fromEntries(
      Object.entries({
        env: query.env,
        person: query.person,
        kind: query.kind,
        reads: query.reads === "exclude" ? "excluded" : undefined,
        since: query.since,
        until: query.until,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return download(c, exportName(query), query.format, exportStream(auditWriter(query.format, filters), pages));
  },
);
