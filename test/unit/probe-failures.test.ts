/**
 * Every way a probe can fail, against real local servers, with both fetches the engine runs on.
 * Each case asserts the code, a sentence a person can act on, and that the run ended within the
 * check's own deadline (plus a second of slack): a correctness bound, not a benchmark.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/core/checks/probe.ts";
import { runCheck } from "../../src/core/checks/run.ts";
import type { CheckDefinitionInput } from "../../src/core/config/checks.ts";
import type { CheckResult } from "../../src/core/result.ts";
import { environmentWith } from "./support/config.ts";
import { useDemo } from "./support/demo.ts";
import { fetchers, timed } from "./support/fetchers.ts";
import {
  closedPort,
  selfSignedCertificate,
  startHttpServer,
  startHttpsServer,
  type TestServer,
} from "./support/servers.ts";

const demo = useDemo();
const certificate = selfSignedCertificate();

/** Servers the demo cannot play: an origin outside the config, redirects to it, a rude one, a TLS one. */
const servers: { outside?: TestServer; redirects?: TestServer; reset?: TestServer; tls?: TestServer } = {};
let outsideHits = 0;

beforeAll(async () => {
  servers.outside = await startHttpServer((_req, res) => {
    outsideHits += 1;
    res.end("you should not be here");
  });
  servers.redirects = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/to-outside") return redirect(res, `${servers.outside?.url}/steal?token=1`);
    if (url.pathname === "/to-demo") return redirect(res, `${demo.url}/__faults/status/200`);
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) return redirect(res, `/hop/${Number(hop[1]) + 1}`);
    res.writeHead(404).end();
  });
  servers.reset = await startHttpServer((req, res) => {
    if (req.url !== "/mid-body") return req.socket.destroy();
    res.writeHead(200, { "content-type": "application/json", "content-length": 1_000 });
    res.write('{"plans":[', () => setTimeout(() => req.socket.destroy(), 20));
  });
  if ("cert" in certificate) servers.tls = await startHttpsServer(certificate, (_req, res) => res.end('{"ok":true}'));
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.close()));
});

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "content-length": 0 }).end();
}

function server(name: keyof typeof servers): TestServer {
  const s = servers[name];
  if (!s) throw new Error(`server ${name} did not start`);
  return s;
}

describe.each(fetchers)("runCheck with %s", (_name, fetchImpl: FetchLike) => {
  /** Runs one check against these targets and asserts it ended within its deadline plus a second. */
  async function run(
    targets: Record<string, string>,
    check: Partial<CheckDefinitionInput>,
  ): Promise<{ result: CheckResult; ms: number }> {
    const environment = environmentWith(targets, [
      { id: "probe", title: "Probe", target: "app", timeoutMs: 3_000, ...check },
    ]);
    const definition = environment.checks[0]!;
    const { value: result, ms } = await timed(() => runCheck({ fetch: fetchImpl, environment }, definition));
    expect(ms, "the run did not end near its deadline").toBeLessThan(definition.timeoutMs + 1_000);
    return { result, ms };
  }

  it("connection refused: names the host and port", async () => {
    const port = await closedPort();
    const { result } = await run({ app: `http://127.0.0.1:${port}` }, {});
    expect(result).toMatchObject({
      status: "error",
      error: { code: "connection_refused", message: `connection refused by 127.0.0.1:${port}` },
      summary: `Could not get an answer: connection refused by 127.0.0.1:${port}.`,
      assertions: [],
    });
    expect(result.observed.httpStatus).toBeUndefined();
  });

  it("a name that does not resolve (RFC 2606 .invalid): dns_failed, or a timeout where lookups hang", async () => {
    const { result } = await run({ app: "http://dashtray-runbook-check.invalid" }, { timeoutMs: 3_000 });
    expect(result.status).toBe("error");
    expect(["dns_failed", "timeout"]).toContain(result.error?.code);
    if (result.error?.code === "dns_failed")
      expect(result.error.message).toBe("the name dashtray-runbook-check.invalid does not resolve");
  });

  it("no answer at all: a timeout at the check's deadline", async () => {
    const { result, ms } = await run({ app: demo.url }, { path: "/__faults/hang", timeoutMs: 500 });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "timeout", message: "no complete answer within 500 ms" },
    });
    expect(ms).toBeGreaterThanOrEqual(490);
  });

  it("headers on time but a body that trickles past the deadline: a timeout that keeps the status", async () => {
    const { result, ms } = await run({ app: demo.url }, { path: "/__faults/slow-body?ms=3000", timeoutMs: 500 });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "timeout", message: "HTTP 200 arrived, but its body did not finish within 500 ms" },
      observed: { httpStatus: 200 },
    });
    expect(ms).toBeGreaterThanOrEqual(490);
  });

  it("HTTP 500: the check fails (it got an answer) and says which status it expected", async () => {
    const { result } = await run({ app: demo.url }, { path: "/__faults/status/500" });
    expect(result.status).toBe("fail");
    expect(result.error).toBeUndefined();
    expect(result.observed.httpStatus).toBe(500);
    expect(result.assertions[0]).toEqual({ label: "HTTP status", status: "fail", expected: "200–299", actual: "500" });
    expect(result.summary).toMatch(/^HTTP 500 in \d+ ms; HTTP status: expected 200–299, got 500\.$/);
  });

  it("200 with an HTML page where JSON was expected", async () => {
    const { result } = await run(
      { app: demo.url },
      { path: "/__faults/html", assertions: [{ type: "json", path: "plans", op: "lengthGte", value: 1 }] },
    );
    expect(result.status).toBe("fail");
    expect(result.observed).toMatchObject({ httpStatus: 200, contentType: "text/html; charset=utf-8" });
    expect(result.assertions[1]).toMatchObject({ label: "JSON plans", status: "fail", expected: "length ≥ 1" });
    expect(result.assertions[1]?.actual).toMatch(
      /^body is HTML, not JSON \(text\/html; charset=utf-8\): <!doctype html>.*Sign in/,
    );
  });

  it("malformed JSON", async () => {
    const { result } = await run(
      { app: demo.url },
      { path: "/__faults/bad-json", assertions: [{ type: "json", path: "plans[0].id", op: "exists" }] },
    );
    expect(result.status).toBe("fail");
    expect(result.assertions[1]?.actual).toMatch(/^body is not valid JSON: \S/);
  });

  it("a JSON path that is missing names the missing segment", async () => {
    const { result } = await run(
      { app: demo.url },
      {
        path: "/api/plans",
        assertions: [
          { type: "json", path: "plans[0].id", op: "exists" },
          { type: "json", path: "plans[0].trialDays", op: "gte", value: 14 },
        ],
      },
    );
    expect(result.status).toBe("fail");
    expect(result.assertions.map((a) => a.status)).toEqual(["pass", "pass", "fail"]);
    expect(result.summary).toContain(
      "JSON plans[0].trialDays: expected ≥ 14, got path not found (no plans[0].trialDays)",
    );
  });

  it("a body over the limit announced by content-length is refused without reading it", async () => {
    const { result } = await run({ app: demo.url }, { path: "/__faults/big?bytes=200000&length=1", maxBytes: 1_000 });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "too_large", message: "body of 200000 bytes is over the 1000-byte limit" },
      observed: { httpStatus: 200 },
    });
  });

  it("a chunked body (no content-length) is cut off once it passes the limit", async () => {
    const { result } = await run({ app: demo.url }, { path: "/__faults/big?bytes=5000000", maxBytes: 1_000 });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "too_large", message: "body is over the 1000-byte limit" },
      observed: { httpStatus: 200 },
    });
  });

  it("a body exactly at the limit is read whole, with or without content-length", async () => {
    for (const path of ["/__faults/big?bytes=1000&length=1", "/__faults/big?bytes=1000"]) {
      const { result } = await run({ app: demo.url }, { path, maxBytes: 1_000 });
      expect(result.status, path).toBe("pass");
      expect(result.observed.bytes, path).toBe(1_000);
    }
  });

  it("a redirect loop is stopped at the first repeat", async () => {
    const { result } = await run({ app: demo.url }, { path: "/__faults/redirect-loop" });
    expect(result).toMatchObject({
      status: "error",
      error: {
        code: "redirect_loop",
        message: `redirect loop: ${demo.url}/__faults/redirect-loop was already visited`,
      },
      observed: { httpStatus: 302 },
    });
  });

  it("a redirect chain longer than five hops is stopped", async () => {
    const { result } = await run({ app: server("redirects").url }, { path: "/hop/0" });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "too_many_redirects", message: "more than 5 redirects" },
      observed: { redirects: 5, httpStatus: 302 },
    });
  });

  it("a redirect to an origin that is not a configured target is blocked before any request goes there", async () => {
    const hitsBefore = outsideHits;
    const { result } = await run({ app: server("redirects").url }, { path: "/to-outside" });
    expect(result).toMatchObject({
      status: "error",
      error: {
        code: "redirect_blocked",
        message: `redirected to ${server("outside").url}, which is not a configured target`,
      },
      observed: { httpStatus: 302, redirects: 0 },
    });
    expect(outsideHits).toBe(hitsBefore);
  });

  it("a redirect to another configured target is followed; with followRedirects off it is the answer", async () => {
    const targets = { app: server("redirects").url, convex: demo.url };
    const followed = await run(targets, { path: "/to-demo" });
    expect(followed.result.status).toBe("pass");
    expect(followed.result.observed).toMatchObject({ httpStatus: 200, redirects: 1 });
    const kept = await run(targets, { path: "/to-demo", followRedirects: false, expectStatus: 302 });
    expect(kept.result.status).toBe("pass");
    expect(kept.result.observed).toMatchObject({ httpStatus: 302, redirects: 0 });
  });

  it("a connection closed before any answer", async () => {
    const { result } = await run({ app: server("reset").url }, {});
    expect(result).toMatchObject({
      status: "error",
      error: {
        code: "connection_reset",
        message: `127.0.0.1:${server("reset").port} closed the connection before answering`,
      },
    });
  });

  it("a connection dropped halfway through the body keeps the status that arrived", async () => {
    const { result } = await run({ app: server("reset").url }, { path: "/mid-body" });
    expect(result).toMatchObject({
      status: "error",
      error: { code: "connection_reset" },
      observed: { httpStatus: 200 },
    });
  });

  it("a certificate the runtime does not trust (self-signed, made at test time)", async (ctx) => {
    if ("unavailable" in certificate) return ctx.skip(`no self-signed certificate: ${certificate.unavailable}`);
    const { result } = await run({ app: server("tls").url }, {});
    expect(result.status).toBe("error");
    expect(result.error?.code).toBe("tls_error");
    expect(result.error?.message).toMatch(
      new RegExp(`^TLS handshake with 127\\.0\\.0\\.1:${server("tls").port} failed: .*self-signed certificate`),
    );
  });
});
