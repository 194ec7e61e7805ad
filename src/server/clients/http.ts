/**
 * @module
 * One request to an upstream: deadline and size limit (through `probe`), no redirect off the upstream's
 * origin, the answer validated against its documented shape, and every way it can fail turned into a
 * sentence that says what to do. Each provider gives its own reading of error answers (`messageOf`,
 * `explain`), shared by its read and write clients; what none claims is judged by the HTTP status.
 * Reads go through `getJson` / `getAnswer`; writes through `send`, whose failures also say whether
 * the write may have been applied (`WriteFailure.applied`). Tokens are sent, never repeated.
 */
import type { z } from "zod";
import { type FetchLike, probe } from "../../core/checks/probe.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { scrub as scrubSecrets } from "../lib/scrub.ts";
import { excerpt } from "./excerpt.ts";
import { readRateLimit } from "./rate-limit.ts";

export const DEFAULT_TIMEOUT_MS = 5_000;

/** An error answer as a client's `explain` sees it. */
export interface ErrorAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** The upstream's own message (only the fields it documents as its message), scrubbed and excerpted. */
  said: string;
  /** The body is the provider's documented error shape (its `messageOf` read it). */
  documented: boolean;
  /** Epoch ms, for retry times. */
  now: number;
}

/** Who is being asked, and what to tell a reader when it says no. */
export interface Upstream {
  /** Used in messages: "the Cloudflare API". */
  name: string;
  /** The env binding the token came from, named in messages about the token. */
  tokenVariable?: string;
  token?: string;
  /** Authorization scheme the token is sent with (default `Bearer`; Convex's Deployment API wants `Convex`). */
  scheme?: string;
  /** Said after "HTTP 403:". */
  forbiddenHint?: string;
  /** Said after "HTTP 404:". */
  notFoundHint?: string;
  /**
   * Said after "HTTP 5xx:" instead of "a problem on its side; try again in a minute", where the upstream
   * is what the runbook checks (the app, Convex): a down app is the finding, not a provider's hiccup.
   */
  serverErrorHint?: string;
  /**
   * Said after an unexpected shape, only where the config can cause one (a version endpoint at the
   * wrong path answers someone else's JSON); an API's odd answer is the API's, not the config's.
   */
  shapeHint?: string;
  /**
   * The provider's documented error message, read from a parsed body (GitHub's `message`,
   * Cloudflare's `errors[].code` and `message`, Convex's `message`); undefined when the body is not
   * the provider's error shape. Without it, a generic reading of `message` / `errors[0]` is quoted.
   */
  messageOf?: (body: unknown) => string | undefined;
  /** The provider's own reading of an error answer; undefined falls back to the status. */
  explain?: (answer: ErrorAnswer) => SectionError | undefined;
}

export interface GetOptions<S extends z.ZodType> {
  fetch: FetchLike;
  url: string;
  upstream: Upstream;
  schema: S;
  headers?: Record<string, string>;
  /** GET unless said; anything but a GET follows no redirect. */
  method?: "GET" | "POST";
  /** Sent as JSON (`content-type: application/json`); a POST without it sends no body. */
  body?: unknown;
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => number;
}

/** A parsed answer with its headers (paging reads `link`). */
export interface Answer<T> {
  data: T;
  headers: Record<string, string>;
}

/**
 * A write that did not clearly succeed, and whether it changed anything:
 * - `no`: the provider refused it in its documented error shape (a 4xx, a rate limit), or the request
 *   never left (connection refused, no DNS, TLS failed): nothing changed;
 * - `unknown`: a 5xx, a 3xx, an HTML or unparseable body, a 2xx that does not parse or says
 *   `success: false`, a timeout, a reset connection: it may have been applied; read the state back
 *   before saying or recording anything.
 */
export interface WriteFailure {
  ok: false;
  error: SectionError;
  applied: "no" | "unknown";
}

/** A write's answer: `ok` only for a 2xx in the documented shape (or an allowed empty 204). */
export type WriteAnswer<T> = { ok: true; data: T; status: number; headers: Record<string, string> } | WriteFailure;

/** A section error, as every client reports one. */
export function failure(code: string, message: string, retryAfterSeconds?: number): { ok: false; error: SectionError } {
  return { ok: false, error: { code, message, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) } };
}

/** GETs `url` and parses the JSON answer with `schema`. Never throws. */
export async function getJson<S extends z.ZodType>(options: GetOptions<S>): Promise<Section<z.output<S>>> {
  const answer = await getAnswer(options);
  return answer.ok ? { ok: true, data: answer.data.data } : answer;
}

/** Like `getJson`, with the answer's headers. */
export async function getAnswer<S extends z.ZodType>(options: GetOptions<S>): Promise<Section<Answer<z.output<S>>>> {
  const answer = await send(options);
  if (!answer.ok) return { ok: false, error: answer.error };
  return { ok: true, data: { data: answer.data, headers: answer.headers } };
}

/**
 * One request, read as its provider means it (the write clients' door; reads go through `getAnswer`).
 * A 2xx parses with `schema`; with `emptyOk`, a 204 or an empty 2xx body is done with `data` undefined.
 * Every failure says whether the write may have been applied (`applied`). Never throws.
 */
export function send<S extends z.ZodType>(
  options: GetOptions<S> & { emptyOk: true },
): Promise<WriteAnswer<z.output<S> | undefined>>;
export function send<S extends z.ZodType>(options: GetOptions<S>): Promise<WriteAnswer<z.output<S>>>;
export async function send<S extends z.ZodType>(
  options: GetOptions<S> & { emptyOk?: boolean },
): Promise<WriteAnswer<z.output<S> | undefined>> {
  const { upstream, url } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "dashtray-runbook",
    ...options.headers,
  };
  if (upstream.token) headers.authorization = `${upstream.scheme ?? "Bearer"} ${upstream.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const method = options.method ?? "GET";
  const outcome = await probe(options.fetch, {
    method,
    url,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    timeoutMs,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    followRedirects: method === "GET",
    allowedOrigins: [new URL(url).origin],
  });
  if (outcome.kind === "failure") {
    // Only a request that never reached the provider is known not to have been applied.
    const applied = NEVER_SENT.has(outcome.code) ? "no" : "unknown";
    if (outcome.code === "timeout")
      return {
        ...failure("timeout", `${upstream.name} did not answer within ${seconds(timeoutMs)} (${url}).`),
        applied,
      };
    if (outcome.code === "too_large")
      return {
        ...failure("too_large", `${upstream.name} answered more than this panel reads: ${outcome.message}.`),
        applied,
      };
    return {
      ...failure("unreachable", `${upstream.name} could not be reached at ${url}: ${outcome.message}.`),
      applied,
    };
  }
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(scrubSecrets(outcome.body, upstream.token));
    parsed = true;
  } catch {
    // Not JSON: an error page, a login wall, an empty 204. Judged by status below; never quoted.
  }
  const status = outcome.status;
  const documentedSaid = parsed && upstream.messageOf ? upstream.messageOf(json) : undefined;
  const said = excerpt(documentedSaid ?? (parsed && !upstream.messageOf ? upstreamMessage(json) : ""), [
    upstream.token,
  ]);
  const isError = status < 200 || status > 299 || (isRecord(json) && json.success === false);
  if (isError) {
    const answer: ErrorAnswer = {
      status,
      headers: outcome.headers,
      body: parsed ? json : undefined,
      said,
      documented: documentedSaid !== undefined,
      now: options.now?.() ?? Date.now(),
    };
    const error = upstream.explain?.(answer) ?? statusError(upstream, answer);
    const refused =
      status >= 400 && status <= 499 && (answer.documented || error.code === "rate_limited") && status !== 408;
    return { ok: false, error, applied: refused ? "no" : "unknown" };
  }
  if (!parsed && options.emptyOk && (status === 204 || outcome.body.trim() === ""))
    return { ok: true, data: undefined, status, headers: outcome.headers };
  if (!parsed)
    return {
      ...failure(
        "unexpected_response",
        `${upstream.name} answered HTTP ${status} with ${outcome.contentType || "no content type"}, not JSON (${url}).`,
      ),
      applied: "unknown",
    };
  const result = options.schema.safeParse(json);
  if (!result.success) return { ...unexpectedShape(upstream, url, result.error), applied: "unknown" };
  return { ok: true, data: result.data, status, headers: outcome.headers };
}

/** Probe failures that happen before a request reaches the provider. */
const NEVER_SENT = new Set(["connection_refused", "dns_failed", "tls_error"]);

/** The reading of an error answer when the provider's own reading claims nothing. */
function statusError(upstream: Upstream, answer: ErrorAnswer): SectionError {
  if (answer.status >= 200 && answer.status <= 299)
    return failure(
      "upstream_error",
      `${upstream.name} answered HTTP ${answer.status} but reported failure${answer.said ? `: ${answer.said}` : ""}.`,
    ).error;
  return statusFailure(upstream, answer).error;
}

/** An answer that parsed as JSON but not in the documented shape: names the first field that differs. */
export function unexpectedShape(
  upstream: Pick<Upstream, "name" | "shapeHint">,
  url: string,
  error: z.ZodError,
): { ok: false; error: SectionError } {
  return failure(
    "unexpected_response",
    `${upstream.name} answered in an unexpected shape (${url}): ${describeIssue(error)}.${upstream.shapeHint ? ` ${upstream.shapeHint}.` : ""}`,
  );
}

/** `field.path: message` of the first issue, as messages name a field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join(".") : "(body)";
  return `${field}: ${issue?.message ?? "invalid"}`;
}

/** The reading of an error answer by its status alone, for what no client's `explain` claims. */
export function statusFailure(upstream: Upstream, answer: ErrorAnswer): { ok: false; error: SectionError } {
  const { status, headers, said, now } = answer;
  const detail = said ? ` (${upstream.name} said: ${said})` : "";
  const token = upstream.tokenVariable ? `the token in ${upstream.tokenVariable}` : "the request";
  if (status === 429) return rateLimited(upstream, status, retryAfter(headers, now), now);
  if (status === 401)
    return failure(
      "token_rejected",
      `${upstream.name} rejected ${token} (HTTP 401): it is invalid, expired or revoked${upstream.tokenVariable ? `; put a valid one in ${upstream.tokenVariable}` : ""}.${detail}`,
    );
  if (status === 403)
    return failure(
      "forbidden",
      `${upstream.name} refused ${token} (HTTP 403): ${upstream.forbiddenHint ?? "it lacks the permission"}.${detail}`,
    );
  if (status === 422)
    return failure("invalid_request", `${upstream.name} refused the request as invalid (HTTP 422).${detail}`);
  if (status === 404)
    return failure(
      "not_found",
      `${upstream.name} answered HTTP 404: ${upstream.notFoundHint ?? "not found"}.${detail}`,
    );
  if (status >= 500)
    return failure(
      "upstream_error",
      `${upstream.name} failed with HTTP ${status}: ${upstream.serverErrorHint ?? "a problem on its side; try again in a minute"}.${detail}`,
    );
  return failure("upstream_error", `${upstream.name} answered HTTP ${status}.${detail}`);
}

/** `rate_limited` with when to retry; `why` says which limit, when the provider tells. */
export function rateLimited(
  upstream: Upstream,
  status: number,
  wait: number | undefined,
  now: number,
  why = "",
  code = "rate_limited",
): { ok: false; error: SectionError } {
  const token = upstream.tokenVariable ? `the token in ${upstream.tokenVariable}` : "the request";
  const when =
    wait === undefined
      ? "retry in a minute"
      : `retry in ${seconds(wait * 1000)} (after ${new Date(now + wait * 1000).toISOString().slice(11, 19)} UTC)`;
  return failure(code, `${upstream.name} rate-limited ${token} (HTTP ${status})${why}: ${when}.`, wait);
}

/** Seconds to wait, from `retry-after`, a used-up IETF `RateLimit` item, or `x-ratelimit-reset`. */
export function retryAfter(headers: Record<string, string>, now: number): number | undefined {
  return readRateLimit(headers, now).waitSeconds;
}

/** The message an API put in its error body: Cloudflare's `errors[0]`, GitHub's `message`, Convex's `message`. */
function upstreamMessage(json: unknown): string {
  if (!isRecord(json)) return "";
  const errors = json.errors;
  if (Array.isArray(errors) && isRecord(errors[0])) {
    const first = errors[0];
    const code = typeof first.code === "number" || typeof first.code === "string" ? `${first.code} ` : "";
    if (typeof first.message === "string") return `${code}${first.message}`;
  }
  if (typeof json.message === "string") return json.message;
  if (isRecord(json.error) && typeof json.error.message === "string") return json.error.message;
  return "";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
