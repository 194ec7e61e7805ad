import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { checkResult, verifySummary } from "../../src/core/result.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { REPO_ROOT, runCli } from "./run-cli.ts";

const SMOKE_IDS = ["frontend", "app-health", "api-plans", "convex-version"];

let demo: DemoServer;
let tmp: string;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  tmp = await mkdtemp(path.join(tmpdir(), "verify-cli-"));
});

afterAll(async () => {
  await demo?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  demo.state.reset();
});

const onDemo = (...args: string[]) => runCli(["--env", "demo", "--demo-origin", demo.url, ...args]);

describe("verify: smoke run", () => {
  it("exits 0 on a healthy demo, with progress on stderr and the criteria on stdout", async () => {
    const run = await onDemo();
    expect(run.stderr).not.toMatch(/verify:/);
    expect(run.code).toBe(0);
    for (const id of SMOKE_IDS) expect(run.stderr).toMatch(new RegExp(`✓ pass\\s+${id}\\s`));
    expect(run.stdout).toContain("Success criteria on demo");
    expect(run.stdout).toMatch(/✓ pass\s+All smoke tests pass\s+expected 4 of 4 pass\s+actual 4 of 4 pass/);
    expect(run.stdout).toMatch(/✓ pass\s+Error rate < 1%\s+expected < 1%\s+actual 0% \(0 of 20 requests\)/);
    expect(run.stdout).toMatch(/✓ pass\s+Response time < 2s \(p95\)\s+expected < 2000 ms\s+actual \d+ ms/);
    expect(run.stdout).toMatch(/^PASS {2}Success criteria met/m);
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("exits 1 on a degraded demo and names the failing criterion and assertions", async () => {
    demo.state.update({ mode: "degraded" });
    const run = await onDemo();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ fail\s+api-plans\s/);
    expect(run.stdout).toMatch(/✗ fail\s+Error rate < 1%\s+expected < 1%\s+actual [1-9]\d*% \(\d+ of 20 requests\)/);
    expect(run.stdout).toMatch(/✗ fail\s+All smoke tests pass\s+expected 4 of 4 pass\s+actual 3 of 4 pass/);
    expect(run.stdout).toMatch(/✗ fail\s+api-plans\s+Public API answers with plans/);
    expect(run.stdout).toMatch(/✗ fail\s+HTTP status\s+expected 200–299\s+actual 500/);
    expect(run.stdout).toMatch(/^FAIL {2}Success criteria not met\. .*Error rate < 1%: 10%/m);
  });

  it("--json prints only the results and the summary, in the API's shapes", async () => {
    const run = await onDemo("--json");
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { results: unknown; summary: unknown };
    const summary = verifySummary.parse(body.summary);
    const results = z.array(checkResult).parse(body.results);
    expect(summary.status).toBe("pass");
    expect(summary.environment).toBe("demo");
    expect(summary.criteria.map((c) => c.id)).toEqual(["smoke", "errorRate", "p95"]);
    expect(results.map((r) => r.checkId).sort()).toEqual([...SMOKE_IDS].sort());
    // stderr is a pipe here, so no progress lines either.
    expect(run.stderr).toBe("");
  });

  it("--json exits 1 with the failing summary when the criteria fail", async () => {
    demo.state.update({ mode: "degraded" });
    const run = await onDemo("--json");
    expect(run.code).toBe(1);
    const summary = verifySummary.parse((JSON.parse(run.stdout) as { summary: unknown }).summary);
    expect(summary.status).toBe("fail");
    expect(summary.criteria.find((c) => c.id === "errorRate")?.status).toBe("fail");
  });

  it("takes the demo origin from RUNBOOK_DEMO_ORIGIN", async () => {
    const run = await runCli(["--env", "demo"], { RUNBOOK_DEMO_ORIGIN: demo.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Success criteria met");
  });
});

describe("verify --check", () => {
  it("prints every assertion of one check and exits 0 when it passes", async () => {
    const run = await onDemo("--check", "frontend");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ pass\s+frontend\s+Frontend serves the app/);
    expect(run.stdout).toMatch(/✓ pass\s+Header content-type\s+expected contains "text\/html"\s+actual text\/html/);
    expect(run.stdout).toMatch(/✓ pass\s+Body\s+expected contains "<title>Dashtray"/);
  });

  it("exits 1 when the demo is down and prints expected vs actual", async () => {
    demo.state.update({ mode: "down" });
    const run = await onDemo("--check", "frontend");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ fail\s+frontend/);
    expect(run.stdout).toMatch(/✗ fail\s+HTTP status\s+expected 200–299\s+actual 503/);
    expect(run.stdout).toMatch(
      /✗ fail\s+Body\s+expected contains "<title>Dashtray"\s+actual .*503: Service Unavailable/,
    );
  });

  it("exits 0 for a check that only warns", async () => {
    demo.state.update({ mode: "degraded" });
    const run = await onDemo("--check", "app-health");
    expect(run.stdout).toMatch(/^! warn\s+app-health/);
    expect(run.code).toBe(0);
  });

  it("runs a check that is not part of the smoke suite", async () => {
    const run = await onDemo("--check", "webhook-endpoint", "--json");
    expect(run.code).toBe(0);
    const result = checkResult.parse(JSON.parse(run.stdout));
    expect(result.checkId).toBe("webhook-endpoint");
    expect(result.observed.httpStatus).toBeOneOf([400, 401]);
  });

  it("JSON nested 100,000 levels deep fails that assertion's row, not the run (no stack overflow)", async () => {
    const run = await onDemo("--check", "fault-deep-json");
    expect(run.stderr).not.toMatch(/call stack|verify:/);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ fail\s+fault-deep-json/);
    expect(run.stdout).toMatch(/✗ fail\s+JSON data\s+expected = 1\s+actual \[{2,8}…\]{2,8}/);
    expect(run.stdout).toMatch(/✓ pass\s+JSON name\s+expected = "app"/);
    const json = checkResult.parse(JSON.parse((await onDemo("--check", "fault-deep-json", "--json")).stdout));
    expect(json.assertions.map((a) => a.status)).toContain("pass");
  });

  it("exits 1 with status error when the target cannot be reached", async () => {
    const closed = await startDemoServer({ port: 0 });
    await closed.close();
    const run = await runCli(["--env", "demo", "--demo-origin", closed.url, "--check", "frontend"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ error\s+frontend/);
    expect(run.stdout).toContain("connection_refused");
  });
});

describe("verify on the demo without --demo-origin", () => {
  it("checks the demo where `npm start` runs it, on DEMO_PORT, and says which address it used", async () => {
    const port = new URL(demo.url).port;
    const run = await runCli(["--env", "demo", "--check", "frontend"], { DEMO_PORT: port });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Demo Dashtray: http://127.0.0.1:${port} (where \`npm start\` runs it with this DEMO_PORT)`,
    );
    expect(run.stdout).toMatch(/^✓ pass\s+frontend/);
  });

  it("prefers RUNBOOK_DEMO_ORIGIN over DEMO_PORT, and says so", async () => {
    const run = await runCli(["--env", "demo", "--check", "frontend"], {
      RUNBOOK_DEMO_ORIGIN: demo.url,
      DEMO_PORT: "1",
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Demo Dashtray: ${demo.url} (from RUNBOOK_DEMO_ORIGIN)`);
  });

  it("says nothing about the demo's address when --demo-origin names it", async () => {
    expect((await onDemo("--check", "frontend")).stderr).not.toContain("Demo Dashtray:");
  });
});

describe("verify: bad arguments and config exit 2", () => {
  it("without --env, naming the environments that exist", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing --env");
    expect(run.stderr).toContain("available: demo, staging, production");
    expect(run.stdout).toBe("");
  });

  it("for an unknown environment, naming it and the available ones", async () => {
    const run = await runCli(["--env", "prod"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "prod"');
    expect(run.stderr).toContain("available: demo, staging, production");
  });

  it("for an unknown check, listing the defined ones", async () => {
    const run = await onDemo("--check", "nope");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown check "nope" for environment "demo"');
    expect(run.stderr).toContain("defined: frontend, app-health, api-plans, convex-version, webhook-endpoint");
  });

  it("for an unknown flag, listing the known ones", async () => {
    const run = await runCli(["--env", "staging", "--verbose"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown flag "--verbose"');
    expect(run.stderr).toContain(
      "--env, --check, --reporter, --json, --config, --demo-origin, --window, --override-window, --record, --runbook, --commit, --finish, --record-required, --watch, --restart, --help",
    );
  });

  it("for a flag without its value", async () => {
    const run = await runCli(["--env", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--env needs a value");
    // --json was asked for, so stdout carries the API's error shape.
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: "bad_arguments", message: "--env needs a value" } });
  });

  it("for a config file with a bad field, naming the field", async () => {
    const config = JSON.parse(await readFile(path.join(REPO_ROOT, "runbook.config.json"), "utf8"));
    config.environments.demo.targets.app = "not-a-url";
    const file = path.join(tmp, "bad.config.json");
    await writeFile(file, JSON.stringify(config));
    const run = await onDemo("--config", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain("environments.demo.targets.app: expected an http(s) URL");
  });

  it("for a config file that is not JSON", async () => {
    const file = path.join(tmp, "broken.json");
    await writeFile(file, "{ environments: ");
    const run = await onDemo("--config", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`config file ${file} is not valid JSON`);
  });

  it("for a DEMO_PORT that is not a port, naming it", async () => {
    const run = await runCli(["--env", "demo"], { DEMO_PORT: "87x0" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DEMO_PORT: expected a port number from 1 to 65535, got "87x0"');
  });

  it("for a demo origin that is not an http(s) URL", async () => {
    const run = await runCli(["--env", "demo", "--demo-origin", "localhost:8790"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--demo-origin: expected an http(s) origin such as http://127.0.0.1:8790, got "localhost:8790"',
    );
  });
});
