import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { runCli } from "./run-cli.ts";

const SHA = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

let demo: DemoServer;
/** Answers like Cloudflare Access in front of an application, to a request without a valid token: a redirect to the team's login. */
let accessEdge: Server;
let edgeUrl: string;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  accessEdge = createServer((_req, res) => {
    res.writeHead(302, {
      location: "https://dashtray.cloudflareaccess.com/cdn-cgi/access/login/runbook.dashtray.example",
    });
    res.end();
  });
  await new Promise<void>((resolve) => accessEdge.listen(0, "127.0.0.1", resolve));
  edgeUrl = `http://127.0.0.1:${(accessEdge.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await demo?.close();
  accessEdge?.closeAllConnections();
  await new Promise((resolve) => accessEdge?.close(resolve));
});

const onDemo = (args: string[], env: Record<string, string> = {}) =>
  runCli(["--env", "demo", "--demo-origin", demo.url, ...args], env);

describe("verify --record: mistakes exit 2 naming the flag, before any check runs", () => {
  it.each([
    [["--record"], {}, "--record needs --runbook <url>: the runbook site it talks to"],
    [["--finish", "succeeded"], {}, "--finish only applies with --record"],
    [["--runbook", "http://127.0.0.1:1"], {}, "--runbook only applies with --record or --watch"],
    [["--restart"], {}, "--restart only applies with --watch"],
    [["--watch"], {}, "--watch needs --runbook <url>: the runbook site it talks to"],
    [
      ["--watch", "--runbook", "http://127.0.0.1:1", "--check", "frontend"],
      {},
      "--watch starts the post-deploy watch only",
    ],
    [
      ["--watch", "--runbook", "http://127.0.0.1:1"],
      { CF_ACCESS_CLIENT_SECRET: "x" },
      "--watch: CF_ACCESS_CLIENT_ID is not set, while CF_ACCESS_CLIENT_SECRET is",
    ],
    [["--record-required"], {}, "--record-required only applies with --record"],
    [
      ["--record", "--runbook", "runbook.example"],
      { GITHUB_SHA: SHA },
      '--runbook: expected the runbook\'s URL such as https://runbook.dashtray.example, got "runbook.example"',
    ],
    [
      ["--record", "--runbook", "http://runbook.example"],
      { GITHUB_SHA: SHA },
      "--runbook: expected an https:// URL (http:// only on this machine)",
    ],
    [
      ["--record", "--runbook", "http://127.0.0.1:1"],
      {},
      "--record needs the deployed commit: --commit <sha>, or GITHUB_SHA as GitHub Actions sets it",
    ],
    [
      ["--record", "--runbook", "http://127.0.0.1:1", "--commit", "main"],
      {},
      '--commit: expected a git commit SHA (7 to 40 hex digits), got "main"',
    ],
    [
      ["--record", "--runbook", "http://127.0.0.1:1"],
      { GITHUB_SHA: "not-a-sha" },
      'GITHUB_SHA: expected a git commit SHA (7 to 40 hex digits), got "not-a-sha"',
    ],
    [
      ["--record", "--runbook", "http://127.0.0.1:1", "--commit", SHA, "--finish", "done"],
      {},
      '--finish: expected succeeded, rolled_back, abandoned, got "done"',
    ],
    [
      ["--record", "--runbook", "http://127.0.0.1:1", "--commit", SHA],
      { CF_ACCESS_CLIENT_ID: "id.access" },
      "--record: CF_ACCESS_CLIENT_SECRET is not set, while CF_ACCESS_CLIENT_ID is",
    ],
  ])("%j %j", async (args, env, message) => {
    const run = await onDemo(args as string[], env as Record<string, string>);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("Smoke tests on demo");
  });

  it("a runbook behind Cloudflare Access, with no service token in the environment, is exit 2 naming --record", async () => {
    const run = await onDemo(["--record", "--runbook", edgeUrl, "--commit", SHA]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--record: ${edgeUrl} is behind Cloudflare Access and CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET are not set`,
    );
    expect(run.stderr).not.toContain("Smoke tests on demo");
  });
});

describe("verify --record: a recording that fails never fails the deploy unless --record-required", () => {
  it("Access refusing the service token is named; the run's own verdict stands (exit 0)", async () => {
    const secret = "very-secret-value-1234567890";
    const run = await onDemo(["--record", "--runbook", edgeUrl, "--commit", SHA], {
      CF_ACCESS_CLIENT_ID: "ci.access",
      CF_ACCESS_CLIENT_SECRET: secret,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "verify: recording failed: Cloudflare Access refused the service token in CF_ACCESS_CLIENT_ID (HTTP 302)",
    );
    expect(run.stderr).toContain("the run's result stands (--record-required would fail it)");
    expect(run.stdout).toMatch(/^PASS {2}Success criteria met/m);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("the runbook down is named; with --record-required the run fails (exit 1)", async () => {
    const down = await closedPort();
    const relaxed = await onDemo(["--record", "--runbook", down, "--commit", SHA]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toMatch(
      new RegExp(`verify: recording failed: the runbook at ${down} cannot be reached \\(ECONNREFUSED\\)`),
    );
    const strict = await onDemo(["--record", "--runbook", down, "--commit", SHA, "--record-required"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("--record-required: the run fails");
    expect(strict.stdout).toMatch(/^PASS {2}Success criteria met/m);
  });
});

/** A loopback URL nothing listens on: a port just given up by a server of ours. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
