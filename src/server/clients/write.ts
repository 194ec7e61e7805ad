/**
 * @module
 * One write to a provider, and how its answer is read: a clear 2xx in the documented shape is `done`;
 * a 4xx the provider documents as a refusal (its error body, or a rate limit) is `refused`, and nothing
 * changed; anything else (5xx, an HTML or unparseable body, a 2xx that does not parse, a timeout, a
 * connection reset after the request went out) is `unknown`, and the caller must read the state back
 * before it says anything. Only a request that never left (connection refused, no DNS, TLS) counts as
 * refused without an answer.
 */
import type { z } from "zod";
import { type FetchLike, probe } from "../../core/checks/probe.ts";
import type { SectionError } from "../../core/deploy/schemas.ts";
import { scrub as scrubSecrets } from "../lib/scrub.ts";
import { excerpt } from "./excerpt.ts";
import { type ErrorAnswer, isRecord, seconds, statusFailure, type Upstream } from "./http.ts";

export type WriteAnswer<T> =
  | {
      verdict: "done";
      status: number;
      data: T;
      /** The parsed JSON body, for answers read past their schema (GitHub's 200 with run details). */
      raw?: unknown;
    }
  | { verdict: "refused"; status: number | null; error: SectionError }
  | {
      verdict: "unknown";
      status: number | null;
      /** The answer in one sentence: "Cloudflare answered HTTP 502 with an HTML page". */
      said: string;
    };

export interface WriteOptions<S extends z.ZodType> {
  fetch: FetchLike;
  url: string;
  upstream: Upstream;
  /** The documented 2xx answer; `null` for an answer without a body (GitHub's 204). */
  schema: S | null;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Does the provider document this error answer as refusing the request (nothing done)? */
  refuses: (answer: ErrorAnswer) => boolean;
  now?: () => number;
}

/** Failures where the request never reached the provider: nothing can have changed. */
const NEVER_SENT = new Set(["connection_refused", "dns_failed", "tls_error", "unreachable", "redirect_blocked"]);

/** POSTs once (never retried, never redirected) and reads the answer as done, refused or unknown. Never throws. */
export async function postWrite<S extends z.ZodType>(options: WriteOptions<S>): Promise<WriteAnswer<z.output<S>>> {
  const { upstream, url } = options;
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "dashtray-runbook",
    ...(options.body !== undefined && { "content-type": "application/json" }),
    ...options.headers,
  };
  if (upstream.token) headers.authorization = `${upstream.scheme ?? "Bearer"} ${upstream.token}`;
  const outcome = await probe(options.fetch, {
    method: "POST",
    url,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    timeoutMs: options.timeoutMs,
    maxBytes: 1024 * 1024,
    followRedirects: false,
    allowedOrigins: [new URL(url).origin],
  });
  if (outcome.kind === "failure") {
    if (NEVER_SENT.has(outcome.code))
      return {
        verdict: "refused",
        status: null,
        error: { code: "unreachable", message: `${upstream.name} could not be reached: ${outcome.message}.` },
      };
    const said =
      outcome.code === "timeout"
        ? `${upstream.name} did not answer within ${seconds(options.timeoutMs)}`
        : outcome.code === "connection_reset"
          ? `${upstream.name} reset the connection before answering`
          : `${upstream.name}'s answer broke off (${outcome.message})`;
    return { verdict: "unknown", status: outcome.status ?? null, said };
  }
  const { status } = outcome;
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(scrubSecrets(outcome.body, upstream.token));
    parsed = true;
  } catch {
    // An error page or a cut body: judged below.
  }
  const kind = /html/i.test(outcome.contentType)
    ? "an HTML page"
    : parsed
      ? "JSON"
      : outcome.body.trim() === ""
        ? "no body"
        : "a body that is not JSON";
  const unknown = (why: string): WriteAnswer<never> => ({
    verdict: "unknown",
    status,
    said: `${upstream.name} answered HTTP ${status} with ${kind}${why}`,
  });
  if (status >= 200 && status <= 299) {
    if (options.schema === null) return { verdict: "done", status, data: undefined as z.output<S>, raw: json };
    if (!parsed) return unknown("");
    const result = options.schema.safeParse(json);
    return result.success
      ? { verdict: "done", status, data: result.data }
      : unknown(" that is not the documented answer");
  }
  const answer: ErrorAnswer = {
    status,
    headers: outcome.headers,
    body: parsed ? json : undefined,
    said: parsed ? excerpt(messageOf(json), [upstream.token]) : "",
    now: options.now?.() ?? Date.now(),
  };
  if (status >= 400 && status <= 499 && options.refuses(answer)) {
    const explained = upstream.explain?.(answer);
    return { verdict: "refused", status, error: explained ?? statusFailure(upstream, answer).error };
  }
  return unknown(answer.said ? ` (it said: ${answer.said})` : "");
}

/** The message a JSON error body carries: Cloudflare's `errors[0]`, GitHub's `message`. */
function messageOf(json: unknown): string {
  if (!isRecord(json)) return "";
  const first = Array.isArray(json.errors) ? json.errors[0] : undefined;
  if (isRecord(first) && typeof first.message === "string")
    return `${typeof first.code === "number" ? `${first.code} ` : ""}${first.message}`;
  return typeof json.message === "string" ? json.message : "";
}
