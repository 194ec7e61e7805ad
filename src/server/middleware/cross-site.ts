/**
 * @module
 * Refuses state-changing requests (every POST: runs, verify-all, the webhook probe, demo switches)
 * made by another site. A page elsewhere could otherwise make a signed-in browser press Verify or send
 * the signed webhook probe to production, since the Access cookie may ride along. Browsers say where a
 * request comes from in `Sec-Fetch-Site`, and in `Origin` on every POST; clients that send neither
 * (the CLI, curl) are not browsers acting for someone else and pass.
 */
import type { MiddlewareHandler } from "hono";
import { ApiFailure } from "../errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function refuseCrossSite(): MiddlewareHandler {
  return async function refuseCrossSiteHandler(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const fetchSite = c.req.header("sec-fetch-site");
    if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none")
      throw new ApiFailure(
        403,
        "cross_site_refused",
        `a ${c.req.method} from another site (Sec-Fetch-Site: ${fetchSite}) is refused: press the button on the runbook itself`,
      );
    const origin = c.req.header("origin");
    const own = new URL(c.req.url).origin;
    if (origin !== undefined && origin !== own)
      throw new ApiFailure(
        403,
        "cross_site_refused",
        `a ${c.req.method} from ${origin.slice(0, 100)} is refused: only ${own} may send one`,
      );
    await next();
  };
}
