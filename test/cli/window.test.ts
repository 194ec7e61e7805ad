import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { runCli } from "./run-cli.ts";

// Instants against the shipped runbook.config.json (America/New_York, US holidays).
const FRIDAY_AFTER_THANKSGIVING = "2026-11-27T15:10:00Z"; // Fri 10:10 in New York
const TUESDAY_IN_WINDOW = "2026-12-01T15:10:00Z"; // Tue 10:10
const MONDAY_MIDDAY = "2026-11-30T16:00:00Z"; // Mon 11:00

let demo: DemoServer;
let tmp: string;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  tmp = await mkdtemp(path.join(tmpdir(), "verify-window-"));
});

afterAll(async () => {
  await demo?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const onDemo = (now: string, ...args: string[]) =>
  runCli(["--env", "demo", "--demo-origin", demo.url, "--check", "frontend", ...args], { RUNBOOK_NOW: now });

describe("verify: the deployment-window warning", () => {
  it("warns on stderr outside the window, with the reasons, the team's time and the next best window; the exit code stays 0", async () => {
    const run = await onDemo(FRIDAY_AFTER_THANKSGIVING);
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n")[0]).toBe(
      "! Outside the deployment window: Friday; holiday: Day after Thanksgiving. Team time: Fri 10:10 America/New_York. " +
        "Next best window: Tue 1 Dec 10:00–14:00 America/New_York (in 3 d 23 h).",
    );
    expect(run.stdout).toContain("✓ pass   frontend");
    expect(run.stdout).not.toContain("deployment window");
  });

  it("says 'outside the best window' on an acceptable day", async () => {
    const run = await onDemo(MONDAY_MIDDAY);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "! Outside the best deployment window: Monday is not a best day (Tue–Thu). Team time: Mon 11:00 America/New_York. " +
        "Next best window: Tue 1 Dec 10:00–14:00 America/New_York (in 23 h).",
    );
  });

  it("says nothing inside the best window", async () => {
    const run = await onDemo(TUESDAY_IN_WINDOW);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("does not change a failing exit code either", async () => {
    demo.state.update({ mode: "down" });
    try {
      const run = await onDemo(FRIDAY_AFTER_THANKSGIVING);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("! Outside the deployment window: Friday");
    } finally {
      demo.state.reset();
    }
  });

  it("with --json and a piped stderr, prints nothing but the JSON (like the progress lines)", async () => {
    const run = await onDemo(FRIDAY_AFTER_THANKSGIVING, "--json");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect((JSON.parse(run.stdout) as { checkId: string }).checkId).toBe("frontend");
  });

  it("warns for an environment marked productionLike, not for staging", async () => {
    const file = path.join(tmp, "window.config.json");
    const target = { label: "Here", targets: { app: demo.url } };
    await writeFile(
      file,
      JSON.stringify({
        checks: [{ id: "frontend", title: "Frontend", target: "app" }],
        environments: { staging: target, production: { ...target, productionLike: true } },
        deployWindow: { timeZone: "Europe/Berlin" },
      }),
    );
    const production = await runCli(["--config", file, "--env", "production", "--check", "frontend"], {
      RUNBOOK_NOW: "2026-11-28T12:00:00Z",
    });
    expect(production.code).toBe(0);
    expect(production.stderr).toContain(
      "! Outside the deployment window: Saturday. Team time: Sat 13:00 Europe/Berlin.",
    );
    const staging = await runCli(["--config", file, "--env", "staging", "--check", "frontend"], {
      RUNBOOK_NOW: "2026-11-28T12:00:00Z",
    });
    expect(staging.code).toBe(0);
    expect(staging.stderr).toBe("");
  });

  it("refuses a RUNBOOK_NOW that is not an ISO instant, naming it (exit 2)", async () => {
    for (const bad of ["tomorrow", "2026-11-27", "2026-11-27T15:10:00"]) {
      const run = await onDemo(bad);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `verify: RUNBOOK_NOW: expected an ISO 8601 instant such as 2026-11-27T15:10:00Z, got "${bad}"`,
      );
    }
  });

  it("documents RUNBOOK_NOW in --help as for tests", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Environment, for tests only:");
    expect(run.stdout).toContain("RUNBOOK_NOW=<ISO instant>");
  });
});

const FRIDAY_NIGHT = "2026-12-05T02:30:00Z"; // Fri 21:30 in New York
const gate = (now: string, ...args: string[]) =>
  runCli(["--env", "production", "--window", ...args], { RUNBOOK_NOW: now });

describe("verify --window: the deploy job's gate", () => {
  it("exits 0 inside the best window, saying so, and runs no check", async () => {
    const run = await gate(TUESDAY_IN_WINDOW);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "✓ Inside the deployment window: inside the best window (Tue–Thu 10:00–14:00). Team time: Tue 10:10 America/New_York.\n",
    );
  });

  it("exits 0 on an acceptable day, naming why it is not the best time and the next best window", async () => {
    const run = await gate(MONDAY_MIDDAY);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "✓ Inside the deployment window, though not its best hours: Monday is not a best day (Tue–Thu).",
    );
    expect(run.stdout).toContain("Next best window: Tue 1 Dec 10:00–14:00 America/New_York (in 23 h).");
  });

  it("exits 1 on a Friday night with the reasons, the next best window and how to override", async () => {
    const run = await gate(FRIDAY_NIGHT);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✗ Outside the deployment window: Friday; late night \(20:00–07:00\)\. Team time: Fri 21:30 America\/New_York\. Next best window: Tue 8 Dec 10:00–14:00 America\/New_York \(in .+\)\. To deploy anyway, run again with --override-window "<reason>"; the reason is recorded\.\n$/,
    );
  });

  it("an override with a reason goes ahead (exit 0) and says what it overrode", async () => {
    const run = await gate(FRIDAY_NIGHT, "--override-window", "INC-481: payments down, hotfix approved by Dana");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "! Outside the deployment window (Friday; late night (20:00–07:00)), going ahead on an override: INC-481: payments down, hotfix approved by Dana.",
    );
  });

  it.each([
    [["--override-window", "x"], "--override-window needs a reason a teammate can read later"],
    [["--check", "frontend"], "--window answers the deployment window only: leave out --check, --reporter and --json"],
    [["--reporter", "junit=x.xml"], "--window answers the deployment window only"],
  ])("refuses %j with exit 2", async (args, message) => {
    const run = await gate(FRIDAY_NIGHT, ...(args as string[]));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
