import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { ApiFailure } from "../../errors.ts";

/** Who Cloudflare Access says is asking: a person (email) or a service token (its client ID). */
export type AccessIdentity = { email: string } | { commonName: string };

/** The team's keys, fetched on first use, cached, and fetched again when a token names a new `kid`. */
export type KeySet = JWTVerifyGetKey;

/**
 * A key set over jose's remote JWKS: keys are cached for 10 minutes, and a token signed with a key
 * the cache does not know triggers one refetch at most every 30 s (key rotation without letting
 * forged `kid`s hammer the team's endpoint). Failures to fetch become a 503 that says so.
 */
export function remoteKeySet(jwksUrl: string): KeySet {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000 });
  return async function accessKeys(header, token) {
    try {
      return await keys(header, token);
    } catch (error) {
      if (joseCode(error) === "ERR_JWKS_NO_MATCHING_KEY" || joseCode(error) === "ERR_JWKS_MULTIPLE_MATCHING_KEYS")
        throw error;
      throw new ApiFailure(
        503,
        "access_keys_unavailable",
        "could not load the Cloudflare Access signing keys of the team (ACCESS_TEAM_DOMAIN); try again shortly",
      );
    }
  };
}

/**
 * Verifies a `Cf-Access-Jwt-Assertion`: RS256 signature by one of the team's keys, issuer, audience,
 * expiry and not-before. Every refusal is a 401 whose code names the check that failed; the token
 * itself is never repeated.
 */
export async function verifyAccessToken(
  token: string,
  keys: KeySet,
  expected: { issuer: string; audience: string },
): Promise<AccessIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ["RS256"],
      issuer: expected.issuer,
      audience: expected.audience,
      requiredClaims: ["exp"],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw refusal(error);
  }
  if (typeof payload.email === "string" && payload.email) return { email: payload.email };
  if (typeof payload.common_name === "string" && payload.common_name) return { commonName: payload.common_name };
  throw denied("access_identity_missing", "the Access token names no user (email) or service token (common_name)");
}

function refusal(error: unknown): ApiFailure {
  const claim = (error as { claim?: unknown }).claim;
  switch (joseCode(error)) {
    case "ERR_JWT_EXPIRED":
      return denied("access_token_expired", "the Access token has expired: reload the page to sign in again");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (claim === "iss")
        return denied("access_issuer_invalid", "the Access token was issued by another team than ACCESS_TEAM_DOMAIN");
      if (claim === "aud")
        return denied("access_audience_invalid", "the Access token is for another Access application than ACCESS_AUD");
      if (claim === "nbf")
        return denied("access_token_not_yet_valid", "the Access token is not valid yet (nbf is in the future)");
      return denied("access_claims_invalid", `the Access token's "${String(claim)}" claim is missing or invalid`);
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return denied("access_signature_invalid", "the Access token's signature does not match the team's signing key");
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return denied("access_key_unknown", "the Access token is signed with a key (kid) the team does not publish");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return denied("access_algorithm_invalid", "the Access token is not signed with RS256");
    default:
      return denied("access_token_malformed", "the Cf-Access-Jwt-Assertion header is not a well-formed JSON Web Token");
  }
}

function denied(code: string, message: string): ApiFailure {
  return new ApiFailure(401, code, message);
}

function joseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
