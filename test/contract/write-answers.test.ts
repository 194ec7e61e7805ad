import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudflareSettings, githubSettings } from "../../src/core/config/environment.ts";
import { cloudflareErrorPage } from "../../src/demo/write-faults.ts";
import { pagesWriteClient } from "../../src/server/clients/cloudflare-write.ts";
import { dispatchWorkflow } from "../../src/server/clients/github-write.ts";
import type { WriteAnswer } from "../../src/server/clients/http.ts";
import { closedPort, startHttpServer, type TestServer } from "../unit/support/servers.ts";

// Each answer a write can get, served by a real local server from the providers' published examples
// (provenance in fixtures/README.md) and read as done, refused or unknown. Only a clear 2xx in the
// documented shape is done; a documented 4xx is refused; everything else must be read back.

const text = (path: string) => readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");
const ROLLED_TO = "f64788e9-fccd-4d4a-a28a-cb84f88f6"; // the id in cloudflare/rollback-response.json
const TOKEN = "write-token-value-456";

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** `hang`: never answers; `reset`: drops the connection before answering. */
  fault?: "hang" | "reset";
}

let next: Answer = {};
let server: TestServer;
beforeAll(async () => {
  server = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (next.fault === "reset") return void req.socket.destroy();
    if (next.fault === "hang") return;
    res.writeHead(next.status ?? 200, { "content-type": "application/json", ...next.headers }).end(next.body ?? "");
  });
});
afterAll(() => server.close());

const json = (path: string) => text(path);
const cfFailure = (code: number, message: string) =>
  JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null });
const html = { "content-type": "text/html; charset=UTF-8" };

function pages(base = server.url) {
  return pagesWriteClient({
    fetch: (input: string, init: RequestInit) => fetch(input, init),
    settings: cloudflareSettings.parse({ accountId: "acc", pagesProject: "dashtray", apiBase: `${base}/client/v4` }),
    writeTokenVariable: "PAGES_WRITE",
    bindings: { PAGES_WRITE: TOKEN },
    environmentId: "production",
    rollbackTimeoutMs: 300,
  });
}

function dispatch(sha = "29cb07959f28a797ccea7f1f91301aebdb910fe7") {
  return dispatchWorkflow({
    fetch: (input: string, init: RequestInit) => fetch(input, init),
    settings: githubSettings.parse({ repo: "octo-org/octo-repo", workflow: "deploy.yml", apiBase: server.url }),
    workflow: "deploy-convex.yml",
    input: "ref",
    tokenVariable: "ACTIONS_WRITE",
    bindings: { ACTIONS_WRITE: TOKEN },
    sha,
    returnRunDetails: true,
    timeoutMs: 300,
  });
}

/** done, refused (with its code: nothing was applied) or unknown (it may have been: read back). */
function verdictOf(answer: WriteAnswer<unknown>): string {
  if (answer.ok) return "done";
  return answer.applied === "no" ? `refused ${answer.error.code}` : "unknown";
}

describe("the Pages rollback's answer (POST .../deployments/{id}/rollback)", () => {
  const rows: [string, Answer, string][] = [
    ["200 with the documented deployment", { body: json("cloudflare/rollback-response.json") }, "done"],
    ["400 in the failure envelope (7003)", { status: 400, body: json("cloudflare/envelope-failure.json") }, "refused"],
    ["403 Authentication error", { status: 403, body: cfFailure(10000, "Authentication error") }, "refused forbidden"],
    [
      "429 with retry-after",
      { status: 429, headers: { "retry-after": "30" }, body: cfFailure(971, "Please wait") },
      "refused rate_limited",
    ],
    ["502 HTML error page", { status: 502, headers: html, body: text("cloudflare/error-502.html") }, "unknown"],
    ["500 in the failure envelope", { status: 500, body: cfFailure(10000, "Internal Server Error") }, "unknown"],
    ["404 HTML (not the API's envelope)", { status: 404, headers: html, body: "<h1>Not Found</h1>" }, "unknown"],
    ["200 cut off mid-body", { body: '{"success":true,"result":{"id":"' }, "unknown"],
    ["200 with success: false", { body: cfFailure(8000000, "odd") }, "unknown"],
    ["200 in another shape", { body: '{"ok":true}' }, "unknown"],
    ["no answer (timeout)", { fault: "hang" }, "unknown"],
    ["connection reset", { fault: "reset" }, "unknown"],
  ];

  it.each(rows)("%s: %s", async (_what, answer, expected) => {
    next = answer;
    const read = await pages().rollback(ROLLED_TO);
    expect(verdictOf(read).startsWith(expected)).toBe(true);
    if (read.ok) expect(read.data.id).toBe(ROLLED_TO);
    expect(JSON.stringify(read)).not.toContain(TOKEN);
  });

  it("names the 502, and never quotes the HTML page", async () => {
    next = { status: 502, headers: html, body: text("cloudflare/error-502.html") };
    const read = await pages().rollback(ROLLED_TO);
    expect(read).toMatchObject({ ok: false, applied: "unknown" });
    if (!read.ok) {
      expect(read.error.message).toContain("HTTP 502");
      expect(read.error.message).not.toContain("<");
    }
  });

  it("a request that never left (connection refused) is refused: nothing can have changed", async () => {
    const read = await pages(`http://127.0.0.1:${await closedPort()}`).rollback(ROLLED_TO);
    expect(verdictOf(read)).toBe("refused unreachable");
  });

  it("the demo serves the same 502 page as the fixture (layout aside)", () => {
    const words = (page: string) => page.replace(/\s+/g, "");
    expect(words(cloudflareErrorPage("api.cloudflare.com", "8e2f1c6b9d4a7e31"))).toBe(
      words(text("cloudflare/error-502.html")),
    );
  });
});

describe("the workflow dispatch's answer (POST .../actions/workflows/{id}/dispatches)", () => {
  const secondary = { status: 403, headers: { "retry-after": "60" }, body: json("github/secondary-rate-limit.json") };
  const rows: [string, Answer, string][] = [
    ["204 No Content", { status: 204 }, "done"],
    ["200 with the run's details", { body: json("github/workflow-dispatch-response.json") }, "done"],
    ["403 secondary rate limit with retry-after", secondary, "refused rate_limited"],
    ["429 with retry-after and no body", { status: 429, headers: { "retry-after": "30" } }, "refused rate_limited"],
    [
      "403 with x-ratelimit-remaining: 0",
      { status: 403, headers: { "x-ratelimit-remaining": "0" }, body: json("github/basic-error.json") },
      "refused rate_limited",
    ],
    [
      "401 Bad credentials",
      { status: 401, body: JSON.stringify({ message: "Bad credentials" }) },
      "refused token_rejected",
    ],
    ["403 basic-error", { status: 403, body: json("github/basic-error.json") }, "refused forbidden"],
    ["404 basic-error", { status: 404, body: json("github/basic-error.json") }, "refused not_found"],
    [
      "422 Unexpected inputs",
      { status: 422, body: JSON.stringify({ message: 'Unexpected inputs provided: ["ref"]' }) },
      "refused invalid_request",
    ],
    ["502 HTML page", { status: 502, headers: html, body: "<html><title>Unicorn!</title></html>" }, "unknown"],
    ["200 without the documented fields", { body: "{}" }, "unknown"],
    ["no answer (timeout)", { fault: "hang" }, "unknown"],
    ["connection reset", { fault: "reset" }, "unknown"],
  ];

  it.each(rows)("%s: %s", async (_what, answer, expected) => {
    next = answer;
    const read = await dispatch();
    expect(verdictOf(read)).toBe(expected);
    expect(JSON.stringify(read)).not.toContain(TOKEN);
  });

  it("200 with the run's details names the run; 204 names none", async () => {
    next = { body: json("github/workflow-dispatch-response.json") };
    expect(await dispatch("29cb079")).toMatchObject({
      ok: true,
      data: { run: { id: 1, htmlUrl: "https://github.com/octo-org/octo-repo/actions/runs/1" } },
    });
    next = { status: 204 };
    expect(await dispatch("29cb079")).toMatchObject({ ok: true, data: { run: null } });
  });

  it("a rate limit says when to retry and that the token is fine", async () => {
    next = secondary;
    const read = await dispatch("29cb079");
    if (read.ok || read.applied !== "no") throw new Error(`expected refused, got ${verdictOf(read)}`);
    expect(read.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 60 });
    expect(read.error.message).toContain("the token and its permissions are fine");
  });
});
