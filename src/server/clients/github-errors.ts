/**
 * @module
 * GitHub's error answers in the runbook's words, one reading for the read client (`github.ts`) and
 * the write client (`github-write.ts`). GitHub documents its error body as `basic-error`
 * (`message`, `documentation_url`) and `validation-error` (`message`, `errors[]` of `resource`,
 * `field`, `code`, `message`); only those fields are quoted. A 403 or 429 is a rate limit, not a
 * permission problem, when `x-ratelimit-remaining` is 0 (primary: the hourly quota) or when GitHub
 * sends `retry-after` or says "secondary rate limit" (or, in its older words, "abuse detection"):
 * secondary, too much at once.
 */
import type { SectionError } from "../../core/deploy/schemas.ts";
import { githubError } from "./github-schemas.ts";
import { type ErrorAnswer, failure, rateLimited, statusFailure, type Upstream } from "./http.ts";
import { readRateLimit, retryAfterHeader } from "./rate-limit.ts";

/** GitHub asks clients to wait at least a minute after a secondary limit that names no time. */
export const SECONDARY_FALLBACK_SECONDS = 60;

/** What a refusal means for the one question asked; each is said after GitHub's status. */
export interface GitHubQuestion {
  /** Why a 403 that is not a rate limit happened: the permission this question needs. */
  forbidden: string;
  /** Why a 404 happened: what was not found, or not visible to the token. */
  notFound: string;
  /** Why a 422 happened, when it has a usual cause for this question. */
  invalid?: string;
}

/**
 * The upstream of one GitHub question: its name, token and hints, with GitHub's reading of error
 * answers attached. Both GitHub clients build their upstreams here, so they read errors alike.
 */
export function githubUpstream(
  base: { tokenVariable: string; token: string | undefined },
  question: GitHubQuestion,
): Upstream {
  const upstream: Upstream = {
    name: "The GitHub API",
    tokenVariable: base.tokenVariable,
    ...(base.token !== undefined && { token: base.token }),
    forbiddenHint: question.forbidden,
    notFoundHint: question.notFound,
    messageOf: githubMessage,
  };
  upstream.explain = (answer) => readGitHubError(upstream, question, answer);
  return upstream;
}

/**
 * GitHub's documented message of an error body: `message`, then each validation error (`code` on
 * `field` of `resource`, or its own `message` for `code: custom`); undefined when the body is not
 * GitHub's error shape.
 */
export function githubMessage(body: unknown): string | undefined {
  const parsed = githubError.safeParse(body);
  if (!parsed.success) return undefined;
  const details = (parsed.data.errors ?? []).map((e) => {
    if (typeof e === "string") return e;
    if (e.message) return e.message;
    return [e.code, e.field && `on ${e.field}`, e.resource && `of ${e.resource}`].filter(Boolean).join(" ");
  });
  const all = [parsed.data.message, ...details.filter((d) => d !== "")];
  return all.join("; ");
}

/** GitHub's documentation link for the error, only when it points at GitHub's own docs. */
function documentation(body: unknown): string {
  const parsed = githubError.safeParse(body);
  const url = parsed.success ? parsed.data.documentation_url : undefined;
  return url && /^https:\/\/docs\.github\.com\/[\w\-./#?=&%]*$/.test(url) ? `; see ${url}` : "";
}

/** One GitHub error answer in the runbook's words, for the question asked. */
export function readGitHubError(upstream: Upstream, question: GitHubQuestion, answer: ErrorAnswer): SectionError {
  const { status, headers, now } = answer;
  const said = answer.said ? ` (GitHub said: ${answer.said}${documentation(answer.body)})` : "";
  const token = upstream.tokenVariable ? `the token in ${upstream.tokenVariable}` : "the token";
  if (status === 403 || status === 429) {
    const limit = readRateLimit(headers, now);
    if (headers["x-ratelimit-remaining"]?.trim() === "0")
      return rateLimited(
        upstream,
        status,
        limit.waitSeconds,
        now,
        ": its primary rate limit (requests per hour) is used up; the token and its permissions are fine",
      ).error;
    if (
      headers["retry-after"] !== undefined ||
      /secondary rate limit|abuse detection/i.test(answer.said) ||
      status === 429
    )
      return rateLimited(
        upstream,
        status,
        retryAfterHeader(headers["retry-after"], now) ?? SECONDARY_FALLBACK_SECONDS,
        now,
        ": a secondary rate limit (too many requests at once, not the hourly quota); the token and its permissions are fine",
      ).error;
  }
  if (status === 401)
    return failure(
      "token_rejected",
      `GitHub rejected ${token} (HTTP 401 Bad credentials): it is invalid, expired or revoked${upstream.tokenVariable ? `; put a valid one in ${upstream.tokenVariable}` : ""}.${said}`,
    ).error;
  if (status === 403)
    return failure("forbidden", `GitHub refused ${token} (HTTP 403): ${question.forbidden}.${said}`).error;
  if (status === 404) return failure("not_found", `GitHub answered HTTP 404: ${question.notFound}.${said}`).error;
  if (status === 422)
    return failure(
      "invalid_request",
      `GitHub refused the request as invalid (HTTP 422 Validation Failed)${question.invalid ? `: ${question.invalid}` : ""}.${said}`,
    ).error;
  return statusFailure(upstream, answer).error;
}
