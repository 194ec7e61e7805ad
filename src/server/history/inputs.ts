/**
 * @module
 * What the history routes accept, as zod schemas built from the shared ones in `validation/`. Identity
 * is never among the fields: it comes from the verified Cloudflare Access identity only, and a body
 * that names one is refused.
 */
import { z } from "zod";
import { auditKind } from "../../core/history/schemas.ts";
import { ApiFailure } from "../errors.ts";
import {
  clientKey,
  commitSha,
  deploymentNumber,
  environmentId,
  type JsonOptions,
  positive,
  slug,
  text,
} from "../validation/index.ts";
import { EXPORT_MAX } from "./export-stream.ts";

/** The longest note accepted, in characters. */
export const MAX_NOTE_CHARS = 2000;
/** Bodies of the history routes stay under this (a full note in any script fits). */
export const MAX_HISTORY_BODY_BYTES = 16_384;

/** Names a client might use to claim an identity; the answer says where identity comes from instead. */
const IDENTITY_FIELDS = ["by", "who", "actor", "user", "email", "identity", "startedBy", "deployedBy", "finishedBy"];

export const startInput = z
  .object({
    targetCommit: commitSha,
    version: text(64).pipe(z.string().min(1)).optional(),
    convexVersion: text(64).pipe(z.string().min(1)).optional(),
    idempotencyKey: clientKey.optional(),
  })
  .strict();

export const tickInput = z
  .object({
    checklist: slug,
    item: z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/, "expected an item key such as verify-deployment"),
    // One line: the page collapses an item's text to one before sending it.
    label: text(300).pipe(z.string().min(1)),
    ticked: z.boolean(),
    checkId: slug.optional(),
  })
  .strict();

export const noteInput = z
  .object({
    text: text(MAX_NOTE_CHARS, "multi").pipe(z.string().trim().min(1, "a note needs some text")),
    idempotencyKey: clientKey,
  })
  .strict();

export const statusInput = z
  .object({
    status: z.enum(["succeeded", "rolled_back", "abandoned"]),
    /** The reader's answer when the page asked first (unticked items, no monitor), kept as a note. */
    note: text(MAX_NOTE_CHARS).pipe(z.string().trim().min(1, "a note needs some text")).optional(),
  })
  .strict();

export const checkInput = z
  .object({
    checkId: slug,
    source: z.enum(["check", "verify-all"]),
    status: z.enum(["pass", "warn", "fail", "error"]),
    // Multi-line: a summary may quote an upstream's message, which can break lines.
    summary: text(500, "multi"),
    checkedAt: z.iso.datetime(),
  })
  .strict();

/** Refuses a body that tries to say who is writing, before schema errors, with the reason. */
export function refuseClaimedIdentity(body: unknown): void {
  if (body === null || typeof body !== "object") return;
  const claimed = IDENTITY_FIELDS.find((f) => Object.hasOwn(body, f));
  if (claimed)
    throw new ApiFailure(
      400,
      "identity_in_body",
      `field "${claimed}" is not accepted: who did it comes from your Cloudflare Access sign-in, never from the request`,
    );
}

/** How the history routes read a body: up to 16 KB, a claimed identity refused first. */
export const historyBody: JsonOptions = { maxBytes: MAX_HISTORY_BODY_BYTES, before: refuseClaimedIdentity };

/** `:id` of a deployment: a positive integer. */
export const deploymentPath = z.object({ id: deploymentNumber });

/** `GET /api/deployments?env=` takes these besides `env`. */
export const deploymentsQuery = z.object({
  /** Rows from the newest (below `before`): a list page holds at most 1,000 (default 100), an export 100,000 (default all). */
  limit: positive(EXPORT_MAX).optional(),
  before: positive(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(["json", "md", "csv"]).optional(),
});

/** `GET /api/deployments/{id}` takes `format` to download the whole record. */
export const recordQuery = z.object({ format: z.enum(["json", "md", "csv"]).optional() });

export const auditQuery = z.object({
  env: environmentId.optional(),
  person: z.string().min(1).max(254).optional(),
  kind: z.enum(auditKind.options).optional(),
  /** `exclude`: leave out the reads pages make by themselves (`READ_KINDS`); a `kind` filter overrides it. */
  reads: z.enum(["include", "exclude"]).default("include"),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  /** Rows from the newest matching (below `before`): a list page holds at most 1,000 (default 200), an export 100,000 (default all). */
  limit: positive(EXPORT_MAX).optional(),
  before: positive(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(["json", "csv", "md"]).optional(),
});

/** The most rows one page of a JSON list holds. */
export const MAX_PAGE = 1000;

/** A list page's `limit`: its default, or a 400 naming it past `MAX_PAGE` (only exports go further). */
export function pageLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (limit > MAX_PAGE)
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter "limit": at most ${MAX_PAGE} rows a page (add format=csv, json or md to export up to ${EXPORT_MAX})`,
    );
  return limit;
}
