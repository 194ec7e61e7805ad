/**
 * @module
 * A stand-in for Cloudflare Access in front of the runbook, as a CI job meets it with a service token:
 * a request carrying the token's `CF-Access-Client-Id` and `CF-Access-Client-Secret` is forwarded to
 * the runbook with a signed `Cf-Access-Jwt-Assertion` naming the token (`common_name`, no email), the
 * client headers removed; any other request is redirected to the team's login page, as Access does.
 * The Function behind it still verifies the token itself (signature, issuer, audience).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { accessToken, type SigningKey, TEAM_DOMAIN } from "./access.ts";

export interface ServiceToken {
  id: string;
  secret: string;
}

/** A service token shaped like the dashboard's: `<32 hex>.access` and a 64-hex secret. */
export function serviceToken(): ServiceToken {
  return { id: `${randomBytes(16).toString("hex")}.access`, secret: randomBytes(32).toString("hex") };
}

export interface AccessEdge {
  url: string;
  close(): Promise<void>;
}

export async function startAccessEdge(options: {
  upstream: string;
  token: ServiceToken;
  key: SigningKey;
  audience: string;
}): Promise<AccessEdge> {
  const server = createServer(async (req, res) => {
    const id = req.headers["cf-access-client-id"];
    const secret = req.headers["cf-access-client-secret"];
    if (id !== options.token.id || secret !== options.token.secret) {
      res.writeHead(302, { location: `https://${TEAM_DOMAIN}/cdn-cgi/access/login/runbook` }).end();
      return;
    }
    const jwt = await accessToken({
      key: options.key,
      audience: options.audience,
      claims: { email: undefined, common_name: options.token.id, sub: "" },
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.startsWith("cf-access-client-") || name === "host" || name === "connection" || value === undefined)
        continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    headers.set("cf-access-jwt-assertion", jwt);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await read(req));
    const answer = await fetch(new URL(req.url ?? "/", options.upstream), {
      method: req.method,
      headers,
      body,
      redirect: "manual",
    });
    // fetch has already decoded the body: its encoding and length headers no longer describe it.
    const forward = [...answer.headers].filter(([name]) => name !== "content-encoding" && name !== "content-length");
    res.writeHead(answer.status, Object.fromEntries(forward));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
