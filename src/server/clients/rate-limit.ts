/**
 * @module
 * When an upstream says to come back: `retry-after` (seconds or an HTTP date), the IETF `RateLimit`
 * and `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers-09/10: Structured Field lists
 * such as `"default";r=0;t=30` and `"burst";q=100;w=60`, which Cloudflare's API sends), and GitHub's
 * `x-ratelimit-remaining` / `x-ratelimit-reset` (Unix seconds). Header names are lower-case here.
 */

/** What an answer's headers say about a rate limit. */
export interface RateLimitReading {
  /** Seconds to wait before trying again, when a header says; undefined when none does. */
  waitSeconds: number | undefined;
  /** A quota is used up: `x-ratelimit-remaining: 0`, or a `RateLimit` item with `r=0`. */
  exhausted: boolean;
  /** The used-up policy in words, from `RateLimit-Policy`, e.g. `"burst" (100 requests per 60 s)`. */
  policy: string | undefined;
}

/** One member of a Structured Field list: its value and its parameters. */
interface Member {
  value: string;
  params: Map<string, string>;
}

/**
 * Reads the rate-limit headers of an answer. `retry-after` wins (it is the server's own word for this
 * answer); then a used-up `RateLimit` item's `t`; then `x-ratelimit-reset` unless `x-ratelimit-remaining` says requests are left
 * (GitHub sends the reset time on every answer, also under a secondary limit).
 */
export function readRateLimit(headers: Record<string, string>, now: number): RateLimitReading {
  const items = parseList(headers.ratelimit);
  const empty = items.filter((m) => integer(m.params.get("r")) === 0);
  const remaining = headers["x-ratelimit-remaining"]?.trim();
  const exhausted = remaining === "0" || empty.length > 0;
  const resets = empty.map((m) => integer(m.params.get("t"))).filter((t): t is number => t !== undefined);
  const waitSeconds =
    retryAfterHeader(headers["retry-after"], now) ??
    (resets.length > 0 ? Math.max(...resets) : undefined) ??
    (remaining === undefined || remaining === "0" ? resetHeader(headers["x-ratelimit-reset"], now) : undefined);
  return { waitSeconds, exhausted, policy: describePolicy(empty[0]?.value, headers["ratelimit-policy"]) };
}

/** `retry-after` as seconds: a non-negative integer, or an HTTP date counted from `now`. */
export function retryAfterHeader(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : undefined;
}

/** `x-ratelimit-reset` (Unix seconds) as seconds from `now`. */
export function resetHeader(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Math.max(0, Number(text) - Math.floor(now / 1000));
}

function describePolicy(name: string | undefined, field: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const policy = parseList(field).find((m) => m.value === name);
  const quota = integer(policy?.params.get("q"));
  const window = integer(policy?.params.get("w"));
  const unit = policy?.params.get("qu") ?? "requests";
  if (quota === undefined) return `"${name}"`;
  return `"${name}" (${quota} ${unit}${window === undefined ? "" : ` per ${window} s`})`;
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * A Structured Field list (RFC 9651) read as far as these fields need: members separated by commas
 * outside quoted strings, each a token or quoted string followed by `;key=value` parameters.
 * Anything malformed yields fewer members, never an error.
 */
function parseList(field: string | undefined): Member[] {
  if (!field) return [];
  const members: Member[] = [];
  for (const part of split(field, ",")) {
    const [head, ...rest] = split(part, ";");
    const value = unquote(head?.trim() ?? "");
    if (!value) continue;
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf("=");
      const key = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
      if (key) params.set(key, eq < 0 ? "?1" : unquote(p.slice(eq + 1).trim()));
    }
    members.push({ value, params });
  }
  return members;
}

/** Splits on `separator` outside double-quoted strings (a backslash escapes inside them). */
function split(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted && c === "\\") {
      current += c + (text[i + 1] ?? "");
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replace(/\\(.)/g, "$1");
  return value;
}
