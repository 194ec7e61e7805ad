/**
 * @module
 * One GET to an upstream API or version endpoint: deadline and size limit (through `probe`), no
 * redirect off the configured origin, the answer validated against its documented shape, and every
 * way it can fail turned into a sentence that says what to do. Tokens are sent, never repeated.
 */
import type { z } from "zod";
import { type FetchLike, probe } from "../../core/checks/probe.ts";
import type { Section, SectionError } from "../../core/deploy/schemas.ts";
import { scrub as scrubSecrets } from "../lib/scrub.ts";

export const DEFAULT_TIMEOUT_MS = 5_000;

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
}

export interface GetOptions<S extends z.ZodType> {
  fetch: FetchLike;
  url: string;
  upstream: Upstream;
  schema: S;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => number;
}

/** A section error, as every provider reports one. */
export function failure(code: string, message: string, retryAfterSeconds?: number): { ok: false; error: SectionError } {
  return { ok: false, error: { code, message, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) } };
}

/** Reads a token from the Function's bindings by the variable name the config gives. */
export function tokenFrom(bindings: object, variable: string): string | undefined {
  const value = (bindings as Record<string, unknown>)[variable];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The failure for a token that is not set: names the variable and where to set it. */
export function missingToken(service: string, variable: string, permission: string): { ok: false; error: SectionError } {
  return failure(
    "missing_token",
    `No ${service} token: set ${variable} in .dev.vars (local) or in the Pages project's secrets (deployed), a token with ${permission}.`,
  );
}

/** GETs `url` and parses the JSON answer with `schema`. Never throws. */
export async function getJson<S extends z.ZodType>(options: GetOptions<S>): Promise<Section<z.output<S>>> {
  const { upstream, url } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "dashtray-runbook", ...options.headers };
  if (upstream.token) headers.authorization = `${upstream.scheme ?? "Bearer"} ${upstream.token}`;
  const outcome = await probe(options.fetch, {
    method: "GET",
    url,
    headers,
    timeoutMs,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    followRedirects: true,
    allowedOrigins: [new URL(url).origin],
  });
  if (outcome.kind === "failure") {
    if (outcome.code === "timeout") return failure("timeout", `${upstream.name} did not answer within ${seconds(timeoutMs)} (${url}).`);
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
  const said = parsed ? scrub(upstreamMessage(json), upstream.token) : "";
  const status = outcome.status;
  if (status < 200 || status > 299) return statusFailure(upstream, status, outcome.headers, said, options.now?.() ?? Date.now());
  if (!parsed)
    return failure(
      "unexpected_response",
      `${upstream.name} answered HTTP ${status} with ${outcome.contentType || "no content type"}, not JSON (${url}).`,
    );
  if (isRecord(json) && json.success === false)
    return failure("upstream_error", `${upstream.name} answered HTTP ${status} but reported failure${said ? `: ${said}` : ""}.`);
  const result = options.schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.length ? issue.path.map(String).join(".") : "(body)";
    return failure(
      "unexpected_response",
      `${upstream.name} answered in an unexpected shape (${url}): ${field}: ${issue?.message ?? "invalid"}. Check the URL in runbook.config.json.`,
    );
  }
  return { ok: true, data: result.data };
}

function statusFailure(
  upstream: Upstream,
  status: number,
  headers: Record<string, string>,
  said: string,
  now: number,
): { ok: false; error: SectionError } {
  const detail = said ? ` (${upstream.name} said: ${said})` : "";
  const token = upstream.tokenVariable ? `the token in ${upstream.tokenVariable}` : "the request";
  const exhausted = headers["x-ratelimit-remaining"] === "0";
  if (status === 429 || (status === 403 && exhausted)) {
    const wait = retryAfter(headers, now);
    const when =
      wait === undefined
        ? "retry in a minute"
        : `retry in ${seconds(wait * 1000)} (after ${new Date(now + wait * 1000).toISOString().slice(11, 19)} UTC)`;
    return failure("rate_limited", `${upstream.name} rate-limited ${token} (HTTP ${status}): ${when}.`, wait);
  }
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
  if (status === 404) return failure("not_found", `${upstream.name} answered HTTP 404: ${upstream.notFoundHint ?? "not found"}.${detail}`);
  if (status >= 500)
    return failure("upstream_error", `${upstream.name} failed with HTTP ${status}: a problem on its side; try again in a minute.${detail}`);
  return failure("upstream_error", `${upstream.name} answered HTTP ${status}.${detail}`);
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
  if (reset !== undefined && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset.trim()) - Math.floor(now / 1000));
  return undefined;
}

/** The message an API put in its error body: Cloudflare's `errors[0]`, GitHub's `message`. */
function upstreamMessage(json: unknown): string {
  if (!isRecord(json)) return "";
  const errors = json.errors;
  if (Array.isArray(errors) && isRecord(errors[0])) {
    const first = errors[0];
    const code = typeof first.code === "number" || typeof first.code === "string" ? `${first.code} ` : "";
    if (typeof first.message === "string") return `${code}${first.message}`.slice(0, 200);
  }
  if (typeof json.message === "string") return json.message.slice(0, 200);
  if (isRecord(json.error) && typeof json.error.message === "string") return json.error.message.slice(0, 200);
  return "";
}

/** Upstream text is shown to readers: make sure it cannot carry the token back. */
function scrub(text: string, token: string | undefined): string {
  return token ? text.replaceAll(token, "[token]") : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
