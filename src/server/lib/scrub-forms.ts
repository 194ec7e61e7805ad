/**
 * @module
 * Every form in which a secret can leave inside a text, as regular-expression sources: as is in any
 * letter case; URL-encoded once, twice, or byte by byte; JSON-, `\u`- and `\x`-escaped; as HTML
 * entities; as hex; as base64 and base64url at any byte offset; hex and base64 wrapped over line
 * breaks (real ones or JSON's `\n`); and cut: a prefix of a quarter of the secret or more just before
 * an ellipsis or the end of the text, or a suffix just after an ellipsis (an excerpt cut through it).
 * `maxLength` bounds what one match can span, so the stream scrubber knows how much text to hold back.
 */

export interface SecretForms {
  /** Alternatives, longest forms first, for one regular expression (flag `g`). */
  sources: string[];
  /** The most characters one match of these sources can span. */
  maxLength: number;
}

/** Line breaks and spaces a wrapped encoding may carry between two of its characters (real, escaped, or escaped twice). */
const GAP = String.raw`(?:\s|\\{1,2}[rn]){0,4}`;
const GAP_LENGTH = 12;
const ELLIPSIS = String.raw`(?:\u2026|\.\.\.)`;
/** One backslash, or two: an escape as written, or as it reads inside a JSON string. */
const ESCAPE = String.raw`\\{1,2}`;

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
/** Each letter as a class of both cases, so the form matches in any case without the `i` flag. */
function anyCase(text: string): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      return lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : literal(ch);
    })
    .join("");
}
/** Characters with a gap allowed between each two. */
const wrapped = (text: string, caseless: boolean) =>
  [...text].map((ch) => (caseless ? anyCase(ch) : literal(ch))).join(GAP);

const hexOf = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The base64 text of `bytes` wherever they sit in a longer encoded string: encoded after 0, 1 and 2
 * bytes, keeping only the characters that depend on these bytes alone.
 */
function base64Forms(bytes: Uint8Array): string[] {
  return [0, 1, 2].map((pad) => {
    const padded = new Uint8Array(pad + bytes.length);
    padded.set(bytes, pad);
    const encoded = btoa(String.fromCharCode(...padded));
    return encoded.slice(Math.ceil((8 * pad) / 6), Math.floor((8 * (pad + bytes.length)) / 6));
  });
}

/** `abcdef` from `from` on: `a(?:b(?:c(?:d)?)?)?` matches every prefix of at least `from` characters. */
function prefixes(secret: string, from: number): string {
  let tail = "";
  for (let i = secret.length - 1; i >= from; i -= 1) tail = `(?:${anyCase(secret[i] ?? "")}${tail})?`;
  return `${anyCase(secret.slice(0, from))}${tail}`;
}

/** Every suffix of at least `least` characters: `(?:(?:a)?b)?cd`. */
function suffixes(secret: string, least: number): string {
  let head = "";
  for (let i = 0; i < secret.length - least; i += 1) head = `(?:${head}${anyCase(secret[i] ?? "")})?`;
  return `${head}${anyCase(secret.slice(secret.length - least))}`;
}

export function secretForms(secret: string): SecretForms {
  const bytes = new TextEncoder().encode(secret);
  const once = encodeURIComponent(secret);
  const codePoints = [...secret].map((ch) => ch.codePointAt(0) ?? 0);
  const caseless = [
    secret,
    once,
    encodeURIComponent(once),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
    codePoints.map((c) => `&#x${c.toString(16)};`).join(""),
  ];
  const exact = [JSON.stringify(secret).slice(1, -1), codePoints.map((c) => `&#${c};`).join("")];
  const base64 = base64Forms(bytes).flatMap((b) => [b, b.replaceAll("+", "-").replaceAll("/", "_")]);
  const hex = hexOf(bytes);
  const cut = Math.min(secret.length - 1, Math.max(6, Math.ceil(secret.length / 4)));
  // `\u0074…` and `\x74…`, with one backslash or two (the escape itself escaped inside a JSON string).
  const escaped = [
    [...secret].map((ch) => `${ESCAPE}${anyCase(`u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}`).join(""),
    [...bytes].map((b) => `${ESCAPE}${anyCase(`x${b.toString(16).padStart(2, "0")}`)}`).join(""),
  ];
  const sources = [
    ...escaped,
    ...[...caseless].sort((a, b) => b.length - a.length).map(anyCase),
    ...exact.map(literal),
    wrapped(hex, true),
    ...[...new Set(base64)].sort((a, b) => b.length - a.length).map((b) => wrapped(b, false)),
    `${prefixes(secret, cut)}(?=${ELLIPSIS}|$)`,
    `(?<=${ELLIPSIS})${suffixes(secret, cut)}`,
  ];
  const spans = (length: number) => length + Math.max(0, length - 1) * GAP_LENGTH;
  const longest = Math.max(
    ...caseless.map((f) => f.length),
    ...exact.map((f) => f.length),
    secret.length * 7,
    bytes.length * 5,
  );
  return { sources, maxLength: Math.max(longest, spans(hex.length), ...base64.map((b) => spans(b.length))) };
}
