/**
 * @module
 * What the history routes accept, as zod schemas. Identity is never among the fields: it comes from
 * the verified Cloudflare Access identity only, and a body that names one is refused.
 */
import type { Context } from "hono";
import { z } from "zod";
import { auditKind } from "../../core/history/schemas.ts";
import { ApiFailure } from "../errors.ts";
import type { AccessIdentity } from "../middleware/access/index.ts";

/** The longest note accepted, in characters. */
export const MAX_NOTE_CHARS = 2000;
/** Bodies of the history routes stay under this (a full note in any script fits). */
export const MAX_HISTORY_BODY_BYTES = 16_384;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected a lowercase id such as app-health");
const key = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, - or _ (a UUID works)");
/** C0 control characters other than tab and line breaks: invisible in every view of a note. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 32 && char !== "\t" && char !== "\n" && char !== "\r";
}

const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((s) => ![...s].some(isControl), "control characters are not accepted");

/** Names a client might use to claim an identity; the answer says where identity comes from instead. */
const IDENTITY_FIELDS = ["by", "who", "actor", "user", "email", "identity", "startedBy", "deployedBy", "finishedBy"];

export const startInput = z
  .object({
    targetCommit: z.string().regex(/^[0-9a-f]{7,40}$/, "expected a git commit SHA (7 to 40 lowercase hex digits)"),
    version: text(64).pipe(z.string().min(1)).optional(),
    convexVersion: text(64).pipe(z.string().min(1)).optional(),
    idempotencyKey: key.optional(),
  })
  .strict();

export const tickInput = z
  .object({
    checklist: slug,
    item: z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/, "expected an item key such as verify-deployment"),
    label: text(300).pipe(z.string().min(1)),
    ticked: z.boolean(),
    checkId: slug.optional(),
  })
  .strict();

export const noteInput = z
  .object({ text: text(MAX_NOTE_CHARS).pipe(z.string().trim().min(1, "a note needs some text")), idempotencyKey: key })
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
    summary: text(500),
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

/** Who is writing: the verified Access email or service token, `local` where Access is off. */
export function actorOf(identity: AccessIdentity | null | undefined): string {
  if (!identity) return "local";
  return "email" in identity ? identity.email : `service:${identity.commonName}`;
}

/** `:id` of a deployment: a positive integer, else 400 naming it. */
export function deploymentIdParam(c: Context): number {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,14}$/.test(raw))
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `path parameter "id" must be a deployment number such as 12, got ${JSON.stringify(raw.slice(0, 64))}`,
    );
  return Number(raw);
}

/**
 * Reads a query against `schema`: each parameter at most once, none it does not know (a 400 naming
 * it), each value validated (a 400 naming the parameter).
 */
export function queryParams<T extends z.ZodObject>(c: Context, schema: T): z.output<T> {
  const params = new URL(c.req.url).searchParams;
  const known = Object.keys(schema.shape);
  const raw: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    if (!known.includes(name))
      throw new ApiFailure(
        400,
        "invalid_parameter",
        `query parameter ${JSON.stringify(name.slice(0, 64))} is not accepted here (accepted: ${known.join(", ")})`,
      );
    const values = params.getAll(name);
    if (values.length > 1)
      throw new ApiFailure(400, "invalid_parameter", `query parameter "${name}" was given more than once`);
    raw[name] = values[0] ?? "";
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter "${issue?.path.join(".") || "?"}": ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

const envSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an environment id such as "production"');
const positive = (max: number) => z.coerce.number().int().min(1).max(max);

export const deploymentsQuery = z.object({
  env: envSlug,
  limit: positive(1000).default(100),
  before: positive(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(["json", "md", "csv"]).optional(),
});

export const startQuery = z.object({ env: envSlug });

export const auditQuery = z.object({
  env: envSlug.optional(),
  person: z.string().min(1).max(254).optional(),
  kind: z.enum(auditKind.options).optional(),
  /** `exclude`: leave out the reads pages make by themselves (`READ_KINDS`); a `kind` filter overrides it. */
  reads: z.enum(["include", "exclude"]).default("include"),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: positive(1000).default(200),
  before: positive(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(["json", "csv"]).optional(),
});
