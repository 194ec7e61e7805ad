import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { renderGithubCommands, renderGithubSummary } from "../../src/cli/reporters/github.ts";
import { renderJunit } from "../../src/cli/reporters/junit.ts";
import type { VerifyReport } from "../../src/cli/reporters/report.ts";
import type { CheckResult } from "../../src/core/result.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { runCli } from "./run-cli.ts";

let demo: DemoServer;
let tmp: string;
let schema: string;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  tmp = await mkdtemp(path.join(tmpdir(), "verify-reporters-"));
  schema = await readFile(new URL("./fixtures/junit-10.xsd", import.meta.url), "utf8");
});

afterAll(async () => {
  await demo?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  demo.state.reset();
});

const onDemo = (args: string[], env: Record<string, string> = {}) =>
  runCli(["--env", "demo", "--demo-origin", demo.url, ...args], env);

/** libxml2's verdict on a document against the Jenkins JUnit schema: the errors, none when valid. */
async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "report.xml", contents: xml }],
    schema: [{ fileName: "junit-10.xsd", contents: schema }],
  });
  return result.errors.map((e) => e.message);
}

function attribute(xml: string, element: string, name: string): string | undefined {
  return new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];
}

describe("verify --reporter junit", () => {
  it("a passing demo run is valid JUnit XML with one testcase per check and per criterion, all passing", async () => {
    const file = path.join(tmp, "pass.xml");
    const run = await onDemo(["--reporter", `junit=${file}`]);
    expect(run.code).toBe(0);
    const xml = await readFile(file, "utf8");
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)).toHaveLength(4 + 3);
    expect(attribute(xml, "testsuite", "tests")).toBe("7");
    expect(attribute(xml, "testsuite", "failures")).toBe("0");
    expect(xml).not.toContain("<failure");
    expect(xml).toContain('<property name="environment" value="demo"/>');
    expect(xml).toMatch(/<testcase name="app-health: [^"]+" classname="runbook\.demo\.checks"/);
    // Samples, p95 and error rate of each check, where the schema allows them: system-out.
    expect(xml).toMatch(
      /<system-out>status: pass[\s\S]*?samples: 5\nerrors: 0\nerror rate: 0%\np50: \d+ ms\np95: \d+ ms/,
    );
  });

  it("a failing demo run is valid and carries expected vs actual in failure elements", async () => {
    demo.state.update({ mode: "degraded" });
    const file = path.join(tmp, "fail.xml");
    const run = await onDemo(["--reporter", `junit=${file}`]);
    expect(run.code).toBe(1);
    const xml = await readFile(file, "utf8");
    expect(await schemaErrors(xml)).toEqual([]);
    expect(Number(attribute(xml, "testsuite", "failures"))).toBeGreaterThanOrEqual(2);
    expect(xml).toMatch(
      /<testcase name="api-plans: [^"]*"[^>]*>\s*<failure type="fail" message="HTTP status: expected 200–299, actual 500">/,
    );
    expect(xml).toMatch(
      /<testcase name="Success criterion: Error rate &lt; 1%"[^>]*>\s*<failure type="criterion" message="Error rate &lt; 1%: expected &lt; 1%, actual [1-9]\d*% \(\d+ of 20 requests\)">/,
    );
  });

  it("a check that could not run is an error element, and hostile text stays well-formed", async () => {
    const hostile = 'a\u0000b <x y="1"> & ]]> \u0007 \ud800 "quoted"';
    const report: VerifyReport = {
      kind: "check",
      environment: "demo",
      result: result({ status: "error", summary: hostile }),
    };
    const xml = renderJunit(report);
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<error type="connection_refused" message="could not run \(connection_refused\): /);
    expect(xml).toContain("a\\u0000b &lt;x y=&quot;1&quot;&gt; &amp; ]]&gt; \\u0007 \\ud800 &quot;quoted&quot;");
  });

  it("a document the schema refuses is caught (the validation can fail)", async () => {
    const xml = renderJunit({ kind: "check", environment: "demo", result: result({}) }).replace(
      ' name="demo: ',
      ' nom="demo: ',
    );
    expect((await schemaErrors(xml)).join("\n")).toMatch(/name/);
  });
});

describe("verify --reporter github", () => {
  it("appends a Markdown summary to $GITHUB_STEP_SUMMARY and prints workflow commands for what failed", async () => {
    demo.state.update({ mode: "degraded" });
    const summary = path.join(tmp, "step-summary.md");
    await writeFile(summary, "earlier step\n");
    const run = await onDemo(["--reporter", "github"], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const md = await readFile(summary, "utf8");
    expect(md.startsWith("earlier step\n### ❌ FAIL: runbook checks on demo")).toBe(true);
    expect(md).toMatch(/^\| Check \| Result \| Answer \| Sampling \| What did not pass \|$/m);
    expect(md).toMatch(
      /^\| api-plans: .* \| ❌ fail \| HTTP 500, \d+ ms \| .* \| HTTP status: expected 200–299, actual 500<br>/m,
    );
    expect(md).toContain("| Error rate \\< 1% | ❌ fail |");
    expect(run.stdout).toMatch(
      /^::error title=api-plans fail on demo::.*%0AHTTP status: expected 200–299, actual 500%0A/m,
    );
    expect(run.stdout).toMatch(
      /^::error title=Success criterion failed on demo%3A Error rate < 1%25::expected < 1%25, actual [1-9]\d*%25 \(\d+ of 20 requests\)$/m,
    );
    // Nothing else on stdout: every line is a workflow command.
    for (const line of run.stdout.trim().split("\n")) expect(line).toMatch(/^::(error|warning) title=/);
  });

  it("escapes as GitHub documents, so an answer cannot break out of its command", () => {
    const evil = "100% sure\r\n::add-mask::x, y: z";
    const report: VerifyReport = {
      kind: "check",
      environment: "demo",
      result: result({
        status: "fail",
        title: evil,
        assertions: [{ label: "Body", status: "fail", expected: "ok", actual: evil }],
      }),
    };
    const commands = renderGithubCommands(report);
    expect(commands.split("\n").filter(Boolean)).toHaveLength(1);
    expect(commands).toContain("::error title=frontend fail on demo::");
    expect(commands).toContain("Body: expected ok, actual 100%25 sure%0D%0A::add-mask::x, y: z");
    const titled = renderGithubCommands({ ...report, result: { ...report.result, checkId: "a,b:c%" } });
    expect(titled).toContain("::error title=a%2Cb%3Ac%25 fail on demo::");
    const md = renderGithubSummary(report);
    // The runbook's one Markdown escaper (core/escape/markdown.ts): inert text, read as it is.
    expect(md).toContain("100% sure ::add-mask::x, y: z");
    expect(md.split("\n").filter((l) => l.startsWith("|"))).toHaveLength(3);
    const linky = renderGithubSummary({
      ...report,
      result: { ...report.result, title: "![x](https://evil.example/p.png) <img src=x> | cell" },
    });
    expect(linky).toContain("\\!\\[x\\](https\\:\\/\\/evil.example/p.png) \\<img src=x\\> \\| cell");
  });
});

describe("verify: several reporters at once", () => {
  it("text on stdout, JUnit and JSON in files, from one run", async () => {
    const xmlFile = path.join(tmp, "several.xml");
    const jsonFile = path.join(tmp, "several.json");
    const run = await onDemo(["--reporter", "text", "--reporter", `junit=${xmlFile}`, `--reporter=json=${jsonFile}`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS {2}Success criteria met/m);
    const json = JSON.parse(await readFile(jsonFile, "utf8")) as {
      summary: { status: string };
      results: { checkId: string }[];
    };
    expect(json.summary.status).toBe("pass");
    const xml = await readFile(xmlFile, "utf8");
    expect(await schemaErrors(xml)).toEqual([]);
    // The same run in both: the JSON's check ids are the JUnit testcases'.
    for (const { checkId } of json.results) expect(xml).toContain(`<testcase name="${checkId}: `);
  });

  it("--json is the json reporter", async () => {
    const run = await onDemo(["--json", "--reporter", `junit=${path.join(tmp, "alias.xml")}`]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { summary: { environment: string } }).summary.environment).toBe("demo");
  });
});

describe("verify: reporter mistakes exit 2 naming the flag, before any check runs", () => {
  it.each([
    [["--reporter", "xml"], /--reporter: unknown reporter "xml" \(reporters: text, json, junit, github\)/],
    [
      ["--reporter", "junit=/nonexistent-dir/report.xml"],
      /--reporter junit=\/nonexistent-dir\/report.xml: cannot write .*the directory \/nonexistent-dir does not exist/,
    ],
    [["--reporter", "junit=."], /--reporter junit=\.: cannot write .*: it is a directory/],
    [
      ["--reporter", "text", "--reporter", "junit"],
      /--reporter: text and junit would both write to stdout; .*--reporter junit=report\.xml/,
    ],
    [["--reporter", "junit", "--reporter", "junit=x.xml"], /--reporter junit was given more than once/],
    [["--reporter", "github"], /--reporter github: GITHUB_STEP_SUMMARY is not set/],
    [
      ["--reporter", "json", "--reporter", "github=s.md"],
      /github writes workflow commands to stdout, which would corrupt the json there/,
    ],
  ])("%j", async (args, message) => {
    const run = await onDemo(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("Smoke tests on demo");
  });
});

function result(overrides: Partial<CheckResult>): CheckResult {
  return {
    checkId: "frontend",
    title: "Frontend serves the app",
    environment: "demo",
    status: "pass",
    summary: "ok",
    request: { method: "GET", url: "http://127.0.0.1:1/" },
    assertions: [],
    observed: {},
    error: overrides.status === "error" ? { code: "connection_refused", message: "connection refused" } : undefined,
    durationMs: 12,
    checkedAt: "2026-12-06T10:00:00.000Z",
    cached: false,
    ...overrides,
  };
}
