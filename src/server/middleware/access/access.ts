/**
 * @module
 * Cloudflare Access for the API: every request must carry a `Cf-Access-Jwt-Assertion` that this
 * Function verifies itself (the edge alone is not trusted). The verified identity is the `identity`
 * variable later middleware reads (the rate limiter keys on it).
 */
import type { MiddlewareHandler } from "hono";
import { ApiFailure } from "../../errors.ts";
import { type AccessBindings, accessSettings } from "./settings.ts";
import { type AccessIdentity, type KeySet, remoteKeySet, verifyAccessToken } from "./verify.ts";

export interface CloudflareAccessOptions {
  /**
   * Internal, for tests: where the team's signing keys are fetched from (a loopback URL only). In
   * production the address is derived from `ACCESS_TEAM_DOMAIN`; the `ACCESS_JWKS_URL` binding is the
   * same door for tests that run the real Function in workerd.
   */
  jwksUrl?: string;
}

export type AccessVariables = {
  /** The verified caller, or `null` where `RUNBOOK_ACCESS=off`. Set before any route runs. */
  identity: AccessIdentity | null;
};

/**
 * Verifies Cloudflare Access on every request before anything else runs. Answers 500 when it is
 * neither configured nor explicitly off, 401 without a valid token, 503 when the keys cannot be
 * fetched.
 */
export function cloudflareAccess(
  options: CloudflareAccessOptions = {},
): MiddlewareHandler<{ Bindings: AccessBindings; Variables: AccessVariables }> {
  const keySets = new Map<string, KeySet>();
  return async function cloudflareAccessHandler(c, next) {
    const settings = accessSettings(c.env ?? {}, options);
    if (settings.mode === "off") {
      c.set("identity", null);
      return next();
    }
    const token = c.req.header("cf-access-jwt-assertion")?.trim();
    if (!token)
      throw new ApiFailure(
        401,
        "access_required",
        "this API is behind Cloudflare Access and the request carried no Cf-Access-Jwt-Assertion: open the runbook through its Access-protected address",
      );
    let keys = keySets.get(settings.jwksUrl);
    if (!keys) {
      keys = remoteKeySet(settings.jwksUrl);
      keySets.set(settings.jwksUrl, keys);
    }
    c.set("identity", await verifyAccessToken(token, keys, settings));
    await next();
  };
}
