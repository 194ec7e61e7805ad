/**
 * @module
 * The ids and text every route accepts, defined once: a route's query, path and body schemas are built
 * from these, so a pattern is never written twice.
 */
import { z } from "zod";
import { hiddenCharacter, type Lines } from "./text.ts";

/** An environment or check id in the config: lowercase letters, digits and dashes, up to 63. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `?env=` as a query parameter (required or optional) of routes that read it through a schema. */
export const environmentId = z.string().regex(ID_PATTERN, 'must be an environment id such as "production"');

/** A check id, a checklist id: what the config names. */
export const slug = z.string().regex(ID_PATTERN, "expected a lowercase id such as app-health");

/** `:id` of a check: `path parameter "id" must be a check id ..., got "..."`. */
export const checkId = z.string().regex(ID_PATTERN, 'must be a check id such as "app-health"');

/** `:id` of a deployment in the shared log. */
export const deploymentNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, "must be a deployment number such as 12")
  .transform(Number);

/** A one-time key a client makes up (idempotency key, request id). */
export const clientKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, - or _ (a UUID works)");

/** A git commit SHA, short or full. */
export const commitSha = z
  .string()
  .regex(/^[0-9a-f]{7,40}$/, "expected a git commit SHA (7 to 40 lowercase hex digits)");

/** A positive whole number from a query string, at most `max`. */
export const positive = (max: number) => z.coerce.number().int().min(1).max(max);

/**
 * Text a person wrote, at most `max` characters, with no control, bidirectional-override or (on one
 * line) line-break characters; the refusal names the character and where it is.
 */
export const text = (max: number, lines: Lines = "single") =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .superRefine((value, ctx) => {
      const hidden = hiddenCharacter(value, lines);
      if (hidden) ctx.addIssue({ code: "custom", message: `${hidden}; such characters are not accepted` });
    });

/** The path of a route that takes a check's `:id`. */
export const checkPath = z.object({ id: checkId });

/** A BCP 47 language tag the runtime knows (`en-GB`): how a reader's browser says times. */
export const locale = z
  .string()
  .max(64)
  .refine((v) => canFormat(v, "UTC"), 'must be a language tag such as "en-GB"');

/** An IANA time zone (`Europe/Paris`): the reader's. */
export const timeZone = z
  .string()
  .max(64)
  .refine((v) => canFormat("en", v), 'must be an IANA time zone such as "Europe/Paris"');

function canFormat(locale: string, timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(locale, { timeZone });
    return true;
  } catch {
    return false;
  }
}
