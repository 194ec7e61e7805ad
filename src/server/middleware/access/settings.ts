import { ApiFailure } from "../../errors.ts";

/** The bindings that decide how requests are authenticated. */
export interface AccessBindings {
  /** `off` turns verification off (local development, the demo, tests). Unset or `on`: verify. */
  RUNBOOK_ACCESS?: string;
  /** The Zero Trust team domain, e.g. `dashtray.cloudflareaccess.com`. */
  ACCESS_TEAM_DOMAIN?: string;
  /** The Access application's Audience (AUD) tag. */
  ACCESS_AUD?: string;
  /** Tests only: where the signing keys are fetched from instead of the team domain. Loopback only. */
  ACCESS_JWKS_URL?: string;
}

/** What the middleware does for a request: nothing, or verify against this team and application. */
export type AccessSettings =
  | { mode: "off" }
  | {
      mode: "verify";
      /** `https://<team domain>`, the `iss` every token must carry. */
      issuer: string;
      /** The AUD tag the token's `aud` must include. */
      audience: string;
      /** The team's JSON Web Key Set. */
      jwksUrl: string;
    };

const TEAM_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.cloudflareaccess\.com$/;
// Access AUD tags are long hexadecimal strings; a looser check still catches pasted spaces, quotes
// and URLs. The value itself is never repeated in a message.
const AUDIENCE = /^[A-Za-z0-9]{16,256}$/;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Reads and validates the access bindings. Fails closed: with neither Access configured nor
 * `RUNBOOK_ACCESS=off`, or with a malformed value, every request gets a 500 naming the binding.
 */
export function accessSettings(bindings: AccessBindings, override: { jwksUrl?: string } = {}): AccessSettings {
  const mode = (bindings.RUNBOOK_ACCESS ?? "").trim();
  if (mode === "off") return { mode: "off" };
  if (mode !== "" && mode !== "on")
    misconfigured("access_config_invalid", `RUNBOOK_ACCESS: expected "on" or "off", got "${mode}"`);

  const domain = (bindings.ACCESS_TEAM_DOMAIN ?? "").trim();
  const audience = (bindings.ACCESS_AUD ?? "").trim();
  if (!domain || !audience) {
    const missing = [!domain && "ACCESS_TEAM_DOMAIN", !audience && "ACCESS_AUD"].filter(Boolean);
    const prefix = missing.length === 1 ? `${missing[0]} is not set: ` : "";
    misconfigured(
      "access_not_configured",
      `${prefix}set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or RUNBOOK_ACCESS=off for local development`,
    );
  }
  if (!TEAM_DOMAIN.test(domain))
    misconfigured(
      "access_config_invalid",
      `ACCESS_TEAM_DOMAIN: expected the team domain alone, such as "dashtray.cloudflareaccess.com", got "${domain}"`,
    );
  if (!AUDIENCE.test(audience))
    misconfigured(
      "access_config_invalid",
      "ACCESS_AUD: expected the Access application's Audience (AUD) tag, letters and digits only (copy it from the application's Overview)",
    );
  const jwksUrl = override.jwksUrl ?? bindings.ACCESS_JWKS_URL;
  return {
    mode: "verify",
    issuer: `https://${domain}`,
    audience,
    jwksUrl: jwksUrl ? loopbackUrl(jwksUrl) : `https://${domain}/cdn-cgi/access/certs`,
  };
}

/** The test-only key-set address: refused unless it is an http(s) URL on this machine. */
function loopbackUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !LOOPBACK_HOSTS.has(url.hostname))
    misconfigured(
      "access_config_invalid",
      `ACCESS_JWKS_URL: exists for tests only and must be an http(s) URL on a loopback address (127.0.0.1, [::1] or localhost), got "${raw}"; leave it unset in production`,
    );
  return url.href;
}

function misconfigured(code: string, message: string): never {
  throw new ApiFailure(500, code, message);
}
