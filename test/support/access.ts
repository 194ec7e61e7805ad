/**
 * @module
 * A stand-in for a Cloudflare Access team: RSA signing keys made at test time, their JSON Web Key Set
 * served by a real node:http server on loopback (as `https://<team>/cdn-cgi/access/certs` would be),
 * and tokens shaped like the `Cf-Access-Jwt-Assertion` Access sends.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";

export const TEAM_DOMAIN = "dashtray.cloudflareaccess.com";
export const ISSUER = `https://${TEAM_DOMAIN}`;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** An RS256 key pair named `kid`, as Access publishes them. */
export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface JwksServer {
  /** The key set's URL, e.g. `http://127.0.0.1:41234/cdn-cgi/access/certs`. */
  url: string;
  /** The keys published right now; tests rotate by replacing it. */
  keys: SigningKey[];
  /** Requests for the key set so far. */
  fetches: number;
  close(): Promise<void>;
}

/** Serves `{ keys: [...] }` of the current keys, the way the team's certs endpoint does. */
export async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  const state = { keys, fetches: 0 };
  const server = createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") {
      res.writeHead(404).end();
      return;
    }
    state.fetches += 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: state.keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cdn-cgi/access/certs`,
    get keys() {
      return state.keys;
    },
    set keys(next) {
      state.keys = next;
    },
    get fetches() {
      return state.fetches;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh Access application audience tag (64 hex characters, like the dashboard's). */
export function audienceTag(): string {
  return randomBytes(32).toString("hex");
}

export interface TokenOptions {
  key: SigningKey;
  audience: string;
  /** Claims to add or override (`email`, `iss`, `aud`, `exp`, `nbf`...). */
  claims?: JWTPayload & Record<string, unknown>;
  /** The `kid` header, when it should differ from the key's own. */
  kid?: string;
}

/** A token like the ones Access puts in `Cf-Access-Jwt-Assertion`, valid for an hour unless overridden. */
export function accessToken(options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    aud: [options.audience],
    email: "alice@dashtray.example",
    iss: ISSUER,
    iat: now,
    nbf: now,
    exp: now + 3600,
    sub: "7335d417-61da-459d-899c-0a01c76a2f94",
    type: "app",
    identity_nonce: "6ei69kawdKzMIAPF",
    country: "NL",
    ...options.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? options.key.kid })
    .sign(options.key.privateKey);
}

/** The bindings that turn Access on against `jwks`, for `audience`. */
export function accessBindings(audience: string, jwks: JwksServer): Record<string, string> {
  return { RUNBOOK_ACCESS: "on", ACCESS_TEAM_DOMAIN: TEAM_DOMAIN, ACCESS_AUD: audience, ACCESS_JWKS_URL: jwks.url };
}

/**
 * A runbook stack with Access on, verifying tokens against a local JWKS server with one key; with
 * `persistTo`, its own D1 history there (migrated and seeded), and any more `bindings`.
 */
export async function startAccessStack(
  audience: string,
  options: { persistTo?: string; bindings?: Record<string, string> } = {},
): Promise<{ key: SigningKey; jwks: JwksServer; stack: Stack; stop(): Promise<void> }> {
  const key = await signingKey("team-key-1");
  const jwks = await startJwksServer([key]);
  const stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    ...(options.persistTo && { persistTo: options.persistTo }),
    bindings: { ...accessBindings(audience, jwks), ...options.bindings },
  });
  return {
    key,
    jwks,
    stack,
    async stop() {
      await stack.stop();
      await jwks.close();
    },
  };
}
