/**
 * @module
 * `POST /api/record/markdown` `{ …record }`: the deployment record of the Version Tracking page written as
 * Markdown (`{ markdown }`), so the writer and its escaping stay off the page. The record is the reader's
 * form and what their browser saw, not the D1 log; nothing is stored, probed or logged, so no runs limit.
 */
import { Hono } from "hono";
import { recordMarkdown } from "../../core/record/markdown.ts";
import { deploymentRecordInput, MAX_RECORD_BODY_BYTES } from "../../core/record/schema.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";
import { limitBody, validJson } from "../validation/index.ts";

export const record = new Hono<AppEnv>().post(
  "/markdown",
  described("Writes a deployment record (the Version Tracking form and its checks) as Markdown; stores nothing."),
  limitBody(MAX_RECORD_BODY_BYTES),
  validJson(deploymentRecordInput, { maxBytes: MAX_RECORD_BODY_BYTES }),
  (c) => c.json({ markdown: recordMarkdown(c.req.valid("json")) }),
);
