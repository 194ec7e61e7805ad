/**
 * @module
 * The `cloudflareApi` and `githubApi` switches: the Cloudflare Pages and GitHub API stand-ins failing
 * the way the real services do, so the version and rollback panels (and their tests) show what a
 * reader sees when a provider is down or has had enough of us.
 */
import type { ServerResponse } from "node:http";
import { CLOUDFLARE_API_PREFIX } from "./cloudflare-api.ts";
import { GITHUB_API_PREFIX } from "./github-api.ts";
import { sendJson } from "./http.ts";
import type { DemoSettings } from "./settings.ts";

/** Seconds the stand-ins ask a rate-limited caller to wait. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

/**
 * Answers for a stand-in whose switch is not `ok` and returns true; otherwise leaves `res` alone.
 * Cloudflare: 500 or 429 with `Retry-After`, in its `{ success, errors }` envelope. GitHub: 500, its
 * primary rate limit (a 403 with `x-ratelimit-remaining: 0` and the reset time), or its secondary
 * one (a 403 with `retry-after` while requests remain).
 */
export function answerApiOutage(
  prefix: string,
  settings: DemoSettings,
  res: ServerResponse,
  now = Date.now(),
): boolean {
  if (prefix === CLOUDFLARE_API_PREFIX && settings.cloudflareApi !== "ok") {
    const limited = settings.cloudflareApi === "rate-limited";
    const error = limited
      ? { code: 971, message: "Please wait and consider throttling your request speed" }
      : { code: 10000, message: "Internal Server Error" };
    sendJson(
      res,
      limited ? 429 : 500,
      { success: false, errors: [error], messages: [], result: null },
      limited ? { "retry-after": String(OUTAGE_RETRY_AFTER_SECONDS) } : {},
    );
    return true;
  }
  if (prefix === GITHUB_API_PREFIX && settings.githubApi !== "ok") {
    if (settings.githubApi === "rate-limited") {
      sendJson(
        res,
        403,
        {
          message: "API rate limit exceeded for installation.",
          documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
        },
        {
          "x-ratelimit-limit": "5000",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(Math.ceil(now / 1000) + OUTAGE_RETRY_AFTER_SECONDS),
        },
      );
    } else if (settings.githubApi === "secondary-rate-limited") {
      // GitHub's secondary limit: the hourly quota is far from spent, and `retry-after` says when to come back.
      sendJson(
        res,
        403,
        {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        {
          "retry-after": String(OUTAGE_RETRY_AFTER_SECONDS),
          "x-ratelimit-limit": "5000",
          "x-ratelimit-remaining": "4987",
        },
      );
    } else sendJson(res, 500, { message: "Server Error" });
    return true;
  }
  return false;
}
