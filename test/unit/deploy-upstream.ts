/**
 * @module
 * A real local HTTP server standing in for Cloudflare, GitHub and the version endpoints in the
 * deploy tests: each test sets what a path answers and reads back what was asked.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export type Answer = (res: ServerResponse, url: URL) => void;

export interface Upstream {
  readonly url: string;
  /** Sets what GET `path` (without query) answers. */
  on(path: string, answer: Answer): void;
  /** Requests seen since the test began. */
  readonly requests: { path: string; query: string; headers: IncomingHttpHeaders }[];
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Starts one server for the file; routes and recorded requests reset before each test. */
export function useUpstream(): Upstream {
  const routes = new Map<string, Answer>();
  const requests: Upstream["requests"] = [];
  let base = "";
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://upstream.invalid");
    requests.push({ path: url.pathname, query: url.search, headers: req.headers });
    const answer = routes.get(url.pathname);
    if (answer) answer(res, url);
    else json(404, { message: "Not Found" })(res, url);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    routes.clear();
    requests.length = 0;
  });
  return {
    get url() {
      return base;
    },
    on(path, answer) {
      routes.set(path, answer);
    },
    requests,
  };
}
