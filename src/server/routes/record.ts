/**
 * @module
 * The deployment record of the Version Tracking page, with its code on the server rather than the page:
 * `GET /api/record/live?env=`: the record's version and rollback fields as the live values say them (the
 * same reports, shared and reused, as `/api/version` and `/api/rollback`), audited as a version read.
 * `POST /api/record/markdown` `{ …record }`: the record written as Markdown (`{ markdown }`). The record is
 * the reader's form and what their browser saw, not the D1 log; nothing is stored, probed or logged, so
 * it takes no runs limit.
 */
import { Hono } from "hono";
import { versionFromReports } from "../../core/record/live.ts";
import { recordMarkdown } from "../../core/record/markdown.ts";
import { deploymentRecordInput, MAX_RECORD_BODY_BYTES } from "../../core/record/schema.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { rollbackReport } from "../reports/rollback.ts";
import { versionReport } from "../reports/version.ts";
import type { AppEnv } from "../types.ts";
import { limitBody, validJson } from "../validation/index.ts";

export const record = new Hono<AppEnv>()
  .get(
    "/live",
    described("The deployment record's version and rollback fields, read from what is live (version and rollback)."),
    audited("version"),
    // The two reads of /api/version and /api/rollback in one.
    limitRuns(() => 2),
    environmentParam(),
    async (c) => {
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      const [{ value: version }, { value: rollback }] = await Promise.all([
        runtime.shared.run(`version:${environment.id}`, () =>
          versionReport(deployClients(runtime.fetch, environment, c.env ?? {})),
        ),
        runtime.shared.run(`rollback:${environment.id}`, () =>
          rollbackReport(deployClients(runtime.fetch, environment, c.env ?? {})),
        ),
      ]);
      return c.json({
        environment: environment.id,
        values: versionFromReports(version, rollback),
        repository: version.links.repository ?? null,
      });
    },
  )
  .post(
    "/markdown",
    described("Writes a deployment record (the Version Tracking form and its checks) as Markdown; stores nothing."),
    limitBody(MAX_RECORD_BODY_BYTES),
    validJson(deploymentRecordInput, { maxBytes: MAX_RECORD_BODY_BYTES }),
    (c) => c.json({ markdown: recordMarkdown(c.req.valid("json")) }),
  );
