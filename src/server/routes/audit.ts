import { Hono } from "hono";
import { AUDIT_HEADER, auditRows, csvTable } from "../../core/history/export.ts";
import { listAudit } from "../history/audit-store.ts";
import { historyDatabase } from "../history/database.ts";
import { auditQuery } from "../history/inputs.ts";
import type { AppEnv } from "../types.ts";
import { validQuery } from "../validation/index.ts";

/** Exports read the log in pages of this many rows, so an export of 100,000 rows never holds them all at once. */
const EXPORT_PAGE = 5000;
/** The most rows one export holds (the retention window keeps the log near this on a busy team). */
const EXPORT_MAX = 100_000;

/**
 * `GET /api/audit`: who ran what, newest first, filtered by `env`, `person`, `kind` and a time range
 * (`since`, `until`: ISO times); `format=csv` or `json` downloads it (up to 100,000 rows).
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
  const name = `audit-${query.env ?? "all"}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return c.body(stream, 200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    "content-disposition": `attachment; filename="${name}"`,
  });
});
