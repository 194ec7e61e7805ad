import { Hono } from "hono";
import { auditWriter } from "../../core/history/export.ts";
import { listAudit } from "../history/audit-store.ts";
import { historyDatabase } from "../history/database.ts";
import { download } from "../history/download.ts";
import { EXPORT_MAX, exportStream, keysetPages } from "../history/export-stream.ts";
import { auditQuery, pageLimit } from "../history/inputs.ts";
import type { AppEnv } from "../types.ts";
import { validQuery } from "../validation/index.ts";

/**
 * `GET /api/audit`: who ran what, newest first, filtered by `env`, `person`, `kind` and a time range
 * (`since`, `until`: ISO times), a page of `limit` rows below `before`. With `format=csv`, `json` or `md`
 * the same rows (the same filters, `before` and `limit`, up to 100,000) stream as a download, page by
 * page from D1, ending with the file's end marker.
 */
export const audit = new Hono<AppEnv>().get("/", validQuery(auditQuery), async (c) => {
  const query = c.req.valid("query");
  const db = await historyDatabase(c.env?.RUNBOOK_DB);
  const filter = {
    environment: query.env,
    actor: query.person,
    kind: query.kind,
    since: query.since && new Date(query.since).toISOString(),
    until: query.until && new Date(query.until).toISOString(),
  };
  if (!query.format)
    return c.json(await listAudit(db, { ...filter, limit: pageLimit(query.limit, 200), before: query.before }));
  const pages = keysetPages(async (before, size) => (await listAudit(db, { ...filter, before, limit: size })).entries, {
    limit: query.limit ?? EXPORT_MAX,
    before: query.before,
  });
  const named = Object.fromEntries(
    Object.entries({
      env: query.env,
      person: query.person,
      kind: query.kind,
      since: query.since,
      until: query.until,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const name = ["audit", ...Object.values(named)].join("-") || "audit";
  return download(c, name, query.format, exportStream(auditWriter(query.format, named), pages));
});
