/**
 * @module
 * One GET to an upstream: deadline and size limit (through `probe`), no redirect off the upstream's
 * origin, the answer validated against its documented shape, and every way it can fail turned into a
 * sentence that says what to do. Each client gives its own reading of error answers (`explain`);
 * what no client claims is judged by the HTTP status. Tokens are sent, never repeated.
 */
import type { z } from "zod";
import { type FetchLike, probe } from "../../core/checks/probe.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { scrub as scrubSecrets } from "../lib/scrub.ts";
import { excerpt } from "./excerpt.ts";

export const DEFAULT_TIMEOUT_MS = 5_000;

/** An error answer as a client's `explain` sees it. */
export interface ErrorAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** The upstream's own message, already excerpted. */
  said: string;
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
  /** The provider's own reading of an error answer; undefined falls back to the status. */
  explain?: (answer: ErrorAnswer) => SectionError | undefined;
}

export interface GetOptions<S extends z.ZodType> {
  fetch: FetchLike;
  url: string;
  upstream: Upstream;
  schema: S;
  headers?: Record<string, string>;
  /** GET unless said; a POST sends no body and follows no redirect (the rollback action). */
  method?: "GET" | "POST";
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => number;
}

/** A parsed answer with its headers (paging reads `link`). */
export interface Answer<T> {
  data: T;
  headers: Record<string, string>;
}

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
  const { upstream, url } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "dashtray-runbook",
    ...options.headers,
  };
  if (upstream.token) headers.authorization = `${upstream.scheme ?? "Bearer"} ${upstream.token}`;
  const method = options.method ?? "GET";
  const outcome = await probe(options.fetch, {
    method,
    url,
    headers,
    timeoutMs,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    followRedirects: method === "GET",
    allowedOrigins: [new URL(url).origin],
  });
  if (outcome.kind === "failure") {
    if (outcome.code === "timeout")
      return failure("timeout", `${upstream.name} did not answer within ${seconds(timeoutMs)} (${url}).`);
    if (outcome.code === "too_large")
      return failure("too_large", `${upstream.name} answered more than this panel reads: ${outcome.message}.`);
    return failure("unreachable", `${upstream.name} could not be reached at ${url}: ${outcome.message}.`);
  }
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(scrubSecrets(outcome.body, upstream.token));
    parsed = true;
  } catch {
    // Not JSON: an error page, a login wall. Judged by status below.
  }
  const said = parsed ? excerpt(upstreamMessage(json), [upstream.token]) : "";
  const status = outcome.status;
  const isError = status < 200 || status > 299 || (isRecord(json) && json.success === false);
  if (isError) {
    const answer: ErrorAnswer = {
      status,
      headers: outcome.headers,
      body: parsed ? json : undefined,
      said,
      now: options.now?.() ?? Date.now(),
    };
    const explained = upstream.explain?.(answer);
    if (explained) return { ok: false, error: explained };
    if (status >= 200 && status <= 299)
      return failure(
        "upstream_error",
        `${upstream.name} answered HTTP ${status} but reported failure${said ? `: ${said}` : ""}.`,
      );
    return statusFailure(upstream, answer);
  }
  if (!parsed)
    return failure(
      "unexpected_response",
      `${upstream.name} answered HTTP ${status} with ${outcome.contentType || "no content type"}, not JSON (${url}).`,
    );
  const result = options.schema.safeParse(json);
  if (!result.success) return unexpectedShape(upstream, url, result.error);
  return { ok: true, data: { data: result.data, headers: outcome.headers } };
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

/** Seconds to wait, from `retry-after` (seconds or a date) or `x-ratelimit-reset` (Unix seconds). */
export function retryAfter(headers: Record<string, string>, now: number): number | undefined {
  const retry = headers["retry-after"];
  if (retry !== undefined && retry !== "") {
    if (/^\d+$/.test(retry.trim())) return Number(retry.trim());
    const at = Date.parse(retry);
    if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  const reset = headers["x-ratelimit-reset"];
  if (reset !== undefined && /^\d+$/.test(reset.trim()))
    return Math.max(0, Number(reset.trim()) - Math.floor(now / 1000));
  return undefined;
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
