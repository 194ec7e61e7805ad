/**
 * `verify --record` from CI into the real Function (workerd) with Cloudflare Access on: a stack of its
 * own with a migrated D1, a service token minted for the test, and a stand-in for the Access edge that
 * turns the token into the signed assertion the Function verifies. The deployment, its checks, its
 * finish and the audit log must all name the service token; without the token the CLI stops with exit 2.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { auditList, deploymentDetail, deploymentList } from "../../src/core/history/schemas.ts";
import { runCli } from "../cli/run-cli.ts";
import {
  audienceTag,
  type JwksServer,
  type SigningKey,
  signingKey,
  startJwksServer,
  TEAM_DOMAIN,
} from "../support/access.ts";
import { type AccessEdge, type ServiceToken, serviceToken, startAccessEdge } from "../support/access-edge.ts";

const AUD = audienceTag();
const COMMIT = "9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a393f2a";
let key: SigningKey;
let jwks: JwksServer;
let stack: Stack;
let edge: AccessEdge;
let token: ServiceToken;
let persistTo: string;

beforeAll(async () => {
  key = await signingKey("team-key-ci");
  jwks = await startJwksServer([key]);
  persistTo = mkdtempSync(join(tmpdir(), "runbook-ci-record-"));
  stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    persistTo,
    bindings: { RUNBOOK_ACCESS: "on", ACCESS_TEAM_DOMAIN: TEAM_DOMAIN, ACCESS_AUD: AUD, ACCESS_JWKS_URL: jwks.url },
  });
  token = serviceToken();
  edge = await startAccessEdge({ upstream: stack.url, token, key, audience: AUD });
});

afterAll(async () => {
  await edge?.close();
  await stack?.stop();
  await jwks?.close();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

const asService = () => ({ CF_ACCESS_CLIENT_ID: token.id, CF_ACCESS_CLIENT_SECRET: token.secret });

/** The runbook's API through the Access edge, as the service token. */
async function call(path: string): Promise<unknown> {
  const res = await fetch(`${edge.url}${path}`, {
    headers: { "cf-access-client-id": token.id, "cf-access-client-secret": token.secret },
  });
  expect(res.status, path).toBe(200);
  return res.json();
}

describe("verify --record into the team's log, through Cloudflare Access with a service token", () => {
  it("starts the deployment for the commit, attaches every check, finishes it; the log and the audit log name the service", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const report = join(persistTo, "report.xml");
    const run = await runCli(
      [
        "--env",
        "demo",
        "--demo-origin",
        stack.demo?.url ?? "",
        "--reporter",
        `junit=${report}`,
        "--record",
        "--runbook",
        edge.url,
        "--finish",
        "succeeded",
      ],
      { ...asService(), GITHUB_SHA: COMMIT, GITHUB_RUN_ID: "4242", GITHUB_RUN_ATTEMPT: "1" },
    );
    expect(run.code, run.stderr).toBe(0);
    const service = `service:${token.id}`;
    expect(run.stderr).toMatch(
      new RegExp(
        `Recording into ${edge.url}: deployment \\d+ of demo \\(started\\) for ${COMMIT.slice(0, 12)}, as ${service.replace(".", "\\.")}`,
      ),
    );
    expect(run.stderr).toMatch(/Deployment \d+ finished: succeeded/);
    expect(run.stdout + run.stderr + (await readFile(report, "utf8"))).not.toContain(token.secret);

    const list = deploymentList.parse(await call("/api/deployments?env=demo"));
    const mine = list.deployments.find((d) => d.targetCommit === COMMIT);
    expect(mine).toMatchObject({ startedBy: service, status: "succeeded", finishedBy: service });
    const detail = deploymentDetail.parse(await call(`/api/deployments/${mine?.id}`));
    expect(detail.checks.map((c) => c.checkId).sort()).toEqual([
      "api-plans",
      "app-health",
      "convex-version",
      "frontend",
    ]);
    for (const check of detail.checks)
      expect(check).toMatchObject({ source: "verify-all", status: "pass", by: service });

    const audit = auditList.parse(
      await call(`/api/audit?since=${encodeURIComponent(since)}&person=${encodeURIComponent(service)}`),
    );
    const kinds = audit.entries.map((e) => e.kind).sort();
    expect(kinds).toEqual([
      "deployment-check",
      "deployment-check",
      "deployment-check",
      "deployment-check",
      "deployment-finish",
      "deployment-start",
    ]);
    for (const entry of audit.entries) expect(entry).toMatchObject({ actor: service, outcome: "ok" });
    expect(audit.entries.find((e) => e.kind === "deployment-finish")?.target).toBe(String(mine?.id));
  });

  it("a second job for the same commit joins the deployment in progress instead of starting another", async () => {
    const commit = "1111111222222233333334444444555555566666";
    const env = { ...asService(), GITHUB_SHA: commit };
    const args = [
      "--env",
      "demo",
      "--demo-origin",
      stack.demo?.url ?? "",
      "--check",
      "frontend",
      "--record",
      "--runbook",
      edge.url,
    ];
    const first = await runCli(args, env);
    expect(first.stderr).toMatch(/deployment (\d+) of demo \(started\)/);
    const second = await runCli([...args, "--finish", "abandoned"], env);
    expect(second.code, second.stderr).toBe(0);
    const id = /deployment (\d+) of demo \(started\)/.exec(first.stderr)?.[1];
    expect(second.stderr).toContain(`deployment ${id} of demo (joined, started by service:${token.id})`);
    const detail = deploymentDetail.parse(await call(`/api/deployments/${id}`));
    expect(detail.deployment.status).toBe("abandoned");
    // Each job's result is attached to the one deployment: two runs, two results.
    expect(detail.checks.filter((c) => c.checkId === "frontend")).toHaveLength(2);
  });

  it("without the token variables, against this Access-protected runbook: exit 2 naming --record, no check run", async () => {
    const run = await runCli([
      "--env",
      "demo",
      "--demo-origin",
      stack.demo?.url ?? "",
      "--record",
      "--runbook",
      edge.url,
      "--commit",
      COMMIT,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--record: ${edge.url} is behind Cloudflare Access and CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET are not set`,
    );
    expect(run.stderr).not.toContain("Smoke tests on demo");
  });

  it("a wrong secret is named as Access refusing the token; the run stands unless --record-required", async () => {
    const env = { CF_ACCESS_CLIENT_ID: token.id, CF_ACCESS_CLIENT_SECRET: "0".repeat(64), GITHUB_SHA: COMMIT };
    const args = [
      "--env",
      "demo",
      "--demo-origin",
      stack.demo?.url ?? "",
      "--check",
      "frontend",
      "--record",
      "--runbook",
      edge.url,
    ];
    const relaxed = await runCli(args, env);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toContain(
      "verify: recording failed: Cloudflare Access refused the service token in CF_ACCESS_CLIENT_ID",
    );
    const strict = await runCli([...args, "--record-required"], env);
    expect(strict.code).toBe(1);
  });

  it("--watch starts the post-deploy watch as the service token; --restart ends it and starts a new one", async () => {
    const args = ["--env", "demo", "--watch", "--runbook", edge.url];
    const started = await runCli(args, asService());
    expect(started.code, started.stderr).toBe(0);
    const id = Number(
      /^Watch (\d+) of demo started: sampled server-side by the watch Worker every \d+ (s|min) for \d+ (s|min)\. Follow it at /.exec(
        started.stdout,
      )?.[1],
    );
    expect(id).toBeGreaterThan(0);
    const joined = await runCli(args, asService());
    expect(joined.stdout).toMatch(
      new RegExp(`^Watch ${id} of demo joined \\(started by service:${token.id.replace(".", "\\.")} at `),
    );
    const series = (await call("/api/monitor?env=demo")) as { watch: { id: number; startedBy: string } };
    expect(series.watch).toMatchObject({ id, startedBy: `service:${token.id}` });
    const restarted = await runCli([...args, "--restart"], asService());
    expect(restarted.code, restarted.stderr).toBe(0);
    const next = Number(/^Watch (\d+) of demo restarted/.exec(restarted.stdout)?.[1]);
    expect(next).toBeGreaterThan(id);
    const noToken = await runCli(args);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain(`--watch: ${edge.url} is behind Cloudflare Access and CF_ACCESS_CLIENT_ID`);
  });
});
