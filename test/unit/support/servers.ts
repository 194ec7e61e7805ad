/**
 * @module
 * Real local servers for the check engine's failure tests: a plain HTTP server with a handler of the
 * test's own, an HTTPS server with a certificate made at test time, and a port nobody listens on.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Stops listening and drops open connections, including ones a handler left hanging. */
  close(): Promise<void>;
}

/** Starts a node:http server on a free loopback port. */
export function startHttpServer(handler: RequestListener): Promise<TestServer> {
  return listen(createServer(handler), "http");
}

/** Starts a node:https server on a free loopback port with the given key and certificate. */
export function startHttpsServer(tls: { key: string; cert: string }, handler: RequestListener): Promise<TestServer> {
  return listen(createHttpsServer(tls, handler), "https");
}

/** A loopback port that was open a moment ago and is now closed, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await startHttpServer(() => {});
  await server.close();
  return server.port;
}

/**
 * A self-signed certificate for `localhost`, made with openssl in a temp dir. Returns the reason
 * instead when openssl is missing or fails, so a test can skip saying why.
 */
export function selfSignedCertificate(): { key: string; cert: string } | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), "runbook-tls-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"].concat([
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "pipe", timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      unavailable: code === "ENOENT" ? "openssl is not installed" : `openssl failed: ${(error as Error).message}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server: Server, scheme: "http" | "https"): Promise<TestServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      let closed: Promise<void> | undefined;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        port,
        close() {
          closed ??= new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          });
          return closed;
        },
      });
    });
  });
}
