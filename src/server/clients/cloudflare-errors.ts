/**
 * @module
 * Cloudflare's error answers in the runbook's words, one reading for the read client
 * (`cloudflare.ts`) and the write client (`cloudflare-write.ts`). Cloudflare documents its error body
 * as the common failure envelope (cloudflare/api-schemas `api-response-common-failure`:
 * `success: false`, `errors[]` of `code` and `message`, optional `documentation_url` and
 * `source.pointer`); only `code` and `message` are quoted. Rate limits come with `retry-after` and the
 * IETF `Ratelimit` / `Ratelimit-Policy` fields.
 */
import type { SectionError } from "../../core/deploy/schemas.ts";
import { cloudflareErrorEnvelope } from "./cloudflare-schemas.ts";
import { type ErrorAnswer, failure, rateLimited, statusFailure, type Upstream } from "./http.ts";
import { readRateLimit } from "./rate-limit.ts";

/** Cloudflare blocks an over-limit token for up to five minutes when it does not send `retry-after`. */
export const RATE_LIMIT_FALLBACK_SECONDS = 300;

/** Codes Cloudflare answers for a token it cannot use at all. */
const INVALID_TOKEN_CODES = [
  6003, // Invalid request headers (a malformed Authorization header)
  6111, // Invalid format for Authorization header
  9106, // Missing X-Auth-Key / X-Auth-Email or Authorization headers
];
/** Codes that mean the token was read but does not open this resource (or, with HTTP 401, is not valid). */
const AUTHENTICATION_CODES = [10000, 10001];
/** "Please wait and consider throttling your request speed", and the API's "Rate limited". */
const RATE_LIMIT_CODES = [971, 10429];
/** The URL is no route of the API: a malformed identifier in the path, or a wrong `apiBase`. */
const NO_ROUTE_CODES = [7000, 7003];

/** What the asking client needs said; the rest comes from the config. */
export interface CloudflareQuestion {
  tokenVariable: string;
  accountId: string;
  pagesProject: string;
  environmentId: string;
  /** The permission the question needs: `Read` for the panels, `Edit` for the rollback. */
  permission: "Read" | "Edit";
  /** What an HTTP 404 without a known code means for this question. */
  notFound: string;
}

/** Cloudflare's documented message of an error body (every `code message`), or undefined when the body is not its envelope. */
export function cloudflareMessage(body: unknown): string | undefined {
  const parsed = cloudflareErrorEnvelope.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.errors.map((e) => `${e.code} ${e.message}`).join("; ");
}

/** The upstream of a Cloudflare client, with Cloudflare's reading of error answers attached. */
export function cloudflareUpstream(token: string | undefined, question: CloudflareQuestion): Upstream {
  const upstream: Upstream = {
    name: "The Cloudflare API",
    tokenVariable: question.tokenVariable,
    ...(token !== undefined && { token }),
    forbiddenHint: `it lacks the Cloudflare Pages: ${question.permission} permission on account ${question.accountId}; give the token Account → Cloudflare Pages → ${question.permission}`,
    notFoundHint: question.notFound,
    messageOf: cloudflareMessage,
  };
  upstream.explain = (answer) => readCloudflareError(upstream, question, answer);
  return upstream;
}

/** One Cloudflare error answer in the runbook's words; undefined leaves it to the status. */
export function readCloudflareError(
  upstream: Upstream,
  q: CloudflareQuestion,
  answer: ErrorAnswer,
): SectionError | undefined {
  const parsed = cloudflareErrorEnvelope.safeParse(answer.body);
  const errors = parsed.success ? parsed.data.errors : [];
  // A 5xx is Cloudflare's own trouble whatever code rides along.
  const codes = answer.status < 500 ? errors.map((e) => e.code) : [];
  const has = (list: readonly number[]) => codes.some((c) => list.includes(c));
  const said = answer.said ? ` (Cloudflare said: ${answer.said})` : "";
  const token = `the token in ${q.tokenVariable}`;
  const http = `HTTP ${answer.status}${codes.length > 0 ? `, code ${codes.join(", ")}` : ""}`;
  if (answer.status === 429 || has(RATE_LIMIT_CODES)) {
    const limit = readRateLimit(answer.headers, answer.now);
    return rateLimited(
      upstream,
      answer.status,
      limit.waitSeconds ?? RATE_LIMIT_FALLBACK_SECONDS,
      answer.now,
      limit.policy ? `: its ${limit.policy} limit is used up` : "",
    ).error;
  }
  // 9109 means a bad token ("Invalid access token") or a good one without access ("Unauthorized to access requested resource").
  const unauthorized9109 = errors.some((e) => e.code === 9109 && /unauthori[sz]ed/i.test(e.message));
  const invalid =
    (codes.includes(9109) && !unauthorized9109) ||
    has(INVALID_TOKEN_CODES) ||
    (answer.status === 401 && has(AUTHENTICATION_CODES));
  if (invalid)
    return failure(
      "token_rejected",
      `The Cloudflare API rejected ${token} as invalid (${http}): it is malformed, expired or revoked; put a valid API token (not a Global API Key) in ${q.tokenVariable}.${said}`,
    ).error;
  if (has(AUTHENTICATION_CODES) || unauthorized9109)
    return failure(
      "forbidden",
      `The Cloudflare API refused ${token} (${http}): it does not grant Account → Cloudflare Pages → ${q.permission} on account ${q.accountId}, or it belongs to another account; edit the token's permissions and account resources.${said}`,
    ).error;
  if (codes.includes(8000007))
    return failure(
      "not_found",
      `The Cloudflare API has no Pages project "${q.pagesProject}" in account "${q.accountId}" (code 8000007); check environments.${q.environmentId}.cloudflare.accountId and pagesProject in runbook.config.json.${said}`,
    ).error;
  if (has(NO_ROUTE_CODES))
    return failure(
      "no_route",
      `The Cloudflare API has no route for the URL it was sent (${http}): the request never reached a Pages project, so nothing is known about any deployment. Usually a malformed account ID; check environments.${q.environmentId}.cloudflare.accountId (the 32-character account ID) and apiBase in runbook.config.json.${said}`,
    ).error;
  if (answer.status === 404 && !answer.documented)
    return failure(
      "no_route",
      `${upstream.name} answered HTTP 404 without its error envelope: the URL is not a Cloudflare API route, so nothing is known about any deployment; check environments.${q.environmentId}.cloudflare.apiBase in runbook.config.json.`,
    ).error;
  if (answer.status === 400 || answer.status === 422)
    return failure("invalid_request", `The Cloudflare API refused the request as invalid (${http}).${said}`).error;
  if (answer.status >= 400 && answer.status <= 499) return statusFailure(upstream, answer).error;
  return undefined;
}
