/**
 * @module
 * The one secret scrubber. Every answer body and every log line passes through it whole, after it is
 * serialised and before anything cuts it, so a secret cannot leave in part either. It knows each
 * secret binding's value (set once per isolate by `useSecrets`) and removes it in every form an
 * upstream or an error might echo it: any letter case, URL-encoded, JSON-escaped, base64 and base64url
 * at any byte offset (inside a longer encoded string too), and any `Bearer <token>` at all.
 */

// The word the providers already used for a scrubbed token, so readers see one marker everywhere.
const REDACTED = "[token]";
/** Binding names that hold secrets: API tokens, deploy keys, signing secrets, the Access audience tag, notification webhook URLs. */
const SECRET_NAME = /TOKEN|SECRET|KEY|AUD|PASSWORD|CREDENTIAL|WEBHOOK_URL/i;
/** Shorter values are not secrets worth the false positives (and would match ordinary words). */
const MIN_SECRET_LENGTH = 8;
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/:]+=*/gi;

export type Scrub = (text: string) => string;

/** The secret values among `env`'s string bindings, by name. */
export function secretsIn(env: Record<string, unknown>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === "string" && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string);
}

/** A scrubber for these secrets (and every `Bearer` credential). */
export function scrubberFor(secrets: readonly string[]): Scrub {
  const usable = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  const anyCase = usable.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  const exact = usable.flatMap((s) => base64Forms(s).flatMap((b) => [b, b.replaceAll("+", "-").replaceAll("/", "_")]));
  const insensitive = pattern(anyCase, "gi");
  const sensitive = pattern(exact, "g");
  return (text) => {
    let out = text.replace(BEARER, `Bearer ${REDACTED}`);
    if (insensitive) out = out.replace(insensitive, REDACTED);
    if (sensitive) out = out.replace(sensitive, REDACTED);
    return out;
  };
}

/**
 * The base64 text of `secret` wherever it sits in a longer encoded string: encoded after 0, 1 and 2
 * bytes of padding, keeping only the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  return [0, 1, 2].map((pad) => {
    const padded = new Uint8Array(pad + bytes.length);
    padded.set(bytes, pad);
    const encoded = btoa(String.fromCharCode(...padded));
    return encoded.slice(Math.ceil((8 * pad) / 6), Math.floor((8 * (pad + bytes.length)) / 6));
  });
}

function pattern(literals: readonly string[], flags: string): RegExp | undefined {
  const unique = [...new Set(literals.filter((l) => l.length > 0))].sort((a, b) => b.length - a.length);
  return unique.length === 0
    ? undefined
    : new RegExp(unique.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), flags);
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

/** An answer's body scrubbed: read whole when it is text, line by line (chunk by chunk) when it streams. */
export async function scrubResponse(response: Response): Promise<Response> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.body) return response;
  if (type.includes("ndjson")) {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    // Each write of the verify stream is one whole JSON line, so a secret never straddles two chunks.
    const scrubbed = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(encoder.encode(scrub(decoder.decode(chunk, { stream: true }))));
        },
      }),
    );
    return new Response(scrubbed, sameHead(response));
  }
  const text = await response.text();
  return new Response(scrub(text), sameHead(response));
}

/** Status and headers of `response`, less a length the scrubbed body no longer has. */
function sameHead(response: Response): ResponseInit {
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return { status: response.status, statusText: response.statusText, headers };
}
