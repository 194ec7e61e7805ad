/**
 * @module
 * The one secret scrubber. Every answer body and every log line passes through it, after it is
 * serialised and before anything cuts it, so a secret cannot leave in part either. It knows each
 * secret binding's value (set once per isolate by `useSecrets`) and removes it in every form
 * `scrub-forms.ts` lists (any case, URL-encoded once or twice, escaped, hex, base64 at any offset,
 * wrapped over lines, cut by an excerpt), and any `Bearer <credential>` at all. Streamed answers (the
 * exports, verify-all's NDJSON) are scrubbed as they stream (`scrub-stream.ts`), never read whole.
 */
import { secretForms } from "./scrub-forms.ts";
import { type Scrub, scrubStream } from "./scrub-stream.ts";

export type { Scrub };

// The word the providers already used for a scrubbed token, so readers see one marker everywhere.
const REDACTED = "[token]";
/** Binding names that hold secrets: API tokens, deploy keys, signing secrets, the Access audience tag, notification webhook URLs. */
const SECRET_NAME = /TOKEN|SECRET|KEY|AUD|PASSWORD|CREDENTIAL|WEBHOOK_URL/i;
/** Shorter values are not secrets worth the false positives (and would match ordinary words). */
const MIN_SECRET_LENGTH = 8;
/** Any bearer credential; bounded, so a stream knows how far one match can reach. */
const BEARER = String.raw`\b[Bb][Ee][Aa][Rr][Ee][Rr]\s{1,8}[A-Za-z0-9\-._~+/:]{1,2048}={0,3}`;
const BEARER_SPAN = 2070;

/** The secret values among `env`'s string bindings, by name. */
export function secretsIn(env: Record<string, unknown>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === "string" && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string);
}

/** A scrubber for these secrets (and every `Bearer` credential). */
export function scrubberFor(secrets: readonly string[]): Scrub {
  const usable = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  const forms = usable.map(secretForms);
  const pattern = new RegExp([BEARER, ...forms.flatMap((f) => f.sources)].join("|"), "g");
  const replacement = (match: string) => (/^bearer\s/i.test(match) ? `Bearer ${REDACTED}` : REDACTED);
  const scrub = ((text: string) => text.replace(pattern, replacement)) as Scrub;
  scrub.upTo = (text, upTo) => {
    let done = "";
    let from = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match && match.index < upTo; match = pattern.exec(text)) {
      done += text.slice(from, match.index) + replacement(match[0]);
      from = match.index + match[0].length;
      if (match[0].length === 0) pattern.lastIndex += 1;
    }
    pattern.lastIndex = 0;
    const end = Math.max(from, Math.min(upTo, text.length));
    return { done: done + text.slice(from, end), rest: text.slice(end) };
  };
  Object.defineProperty(scrub, "maxLength", {
    value: Math.max(BEARER_SPAN, ...forms.map((f) => f.maxLength)),
  });
  return scrub;
}

let active: Scrub = scrubberFor([]);

/** Sets the secrets this isolate scrubs (its bindings'); called at Function start. */
export function useSecrets(env: Record<string, unknown>): void {
  active = scrubberFor(secretsIn(env));
}

/** Removes every known secret (and `also`, such as the token of the request at hand) from `text`. */
export function scrub(text: string, ...also: (string | undefined)[]): string {
  const extra = also.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH);
  const out = active(text);
  return extra.length === 0 ? out : scrubberFor(extra)(out);
}

let consoleWrapped = false;

/** Every log line through the scrubber: each console call's arguments are formatted into one line and scrubbed whole. */
export function scrubConsole(): void {
  if (consoleWrapped) return;
  consoleWrapped = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => original(scrub(args.map(describe).join(" ")));
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) {
    const cause = value.cause === undefined ? "" : ` (cause: ${describe(value.cause)})`;
    return `${value.stack ?? `${value.name}: ${value.message}`}${cause}`;
  }
  try {
    return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** An answer's body scrubbed: read whole when it is a plain answer, scrubbed as it streams when it streams. */
export async function scrubResponse(response: Response): Promise<Response> {
  if (!response.body) return response;
  const lines = (response.headers.get("content-type") ?? "").includes("ndjson");
  // Downloads (CSV, Markdown, JSON files) and NDJSON runs stream: never read whole.
  if (lines || (response.headers.get("content-disposition") ?? "").startsWith("attachment"))
    return new Response(response.body.pipeThrough(scrubStream(active, { lines })), sameHead(response));
  const text = await response.text();
  return new Response(scrub(text), sameHead(response));
}

/** Status and headers of `response`, less a length the scrubbed body no longer has. */
function sameHead(response: Response): ResponseInit {
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return { status: response.status, statusText: response.statusText, headers };
}
