import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, type ResolvedEnvironment } from "../../src/core/config/index.ts";
import { detectDrift } from "../../src/core/deploy/drift.ts";
import { RUN_STATES, type RunState, runState } from "../../src/core/deploy/run-states.ts";
import { buildReport } from "../../src/server/reports/build.ts";
import { workflowRunsAnswer } from "./deploy-fixtures.ts";
import { json, useUpstream } from "./deploy-upstream.ts";

// Every status and conclusion of a workflow run, asked of the build panel (through GitHub's
// documented runs answer on a real local server) and of the version panel's drift, row by row; the
// docs table is this table, line for line.

const upstream = useUpstream();
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const TOKEN = "token-for-run-states";
const RUNS = "/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs";
const NVMRC = "/gh/repos/dashtray/dashtray/contents/.nvmrc";
const DOCS = readFileSync(new URL("../../content/docs/reference/upstream-failures.mdx", import.meta.url), "utf8");

function environment(): ResolvedEnvironment {
  const env = loadConfig({
    environments: {
      production: {
        label: "Production",
        targets: { app: `${upstream.url}/app` },
        github: { repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` },
      },
    },
  }).environments[0];
  if (!env) throw new Error("no environment");
  return env;
}

const LOGS = {
  failed: "`gh run view <id> --log-failed`",
  all: "`gh run view <id> --log`",
  watch: "`gh run watch <id>`",
  summary: "`gh run view <id>`",
};
const LINK = { run: "the run", approval: "the run, to approve it", "workflow-file": "the workflow file" };
const DRIFT = { warn: "warning", info: "note", none: "nothing" };

/** The docs line of a row. */
function docsLine(s: RunState): string {
  const conclusion = s.conclusion === null ? "none" : `\`${s.conclusion}\``;
  return `| \`${s.status}\` | ${conclusion} | \`${s.verdict}\` | ${DRIFT[s.drift]} | ${s.words} | ${s.next} | ${LOGS[s.logs]} | ${LINK[s.link]} |`;
}

const GITHUB_STATUSES = ["requested", "queued", "pending", "waiting", "in_progress"];
const GITHUB_CONCLUSIONS = [
  "success",
  "failure",
  "neutral",
  "cancelled",
  "skipped",
  "timed_out",
  "action_required",
  "stale",
  "startup_failure",
  null,
];

describe("the run-state table", () => {
  it("has one row for every status GitHub documents and every conclusion of a completed run", () => {
    const keys = RUN_STATES.map((s) => `${s.status}/${s.conclusion}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(
      [...GITHUB_STATUSES.map((s) => `${s}/null`), ...GITHUB_CONCLUSIONS.map((c) => `completed/${c}`)].sort(),
    );
    expect(new Set(RUN_STATES.map((s) => s.words)).size, "each row has its own words").toBe(RUN_STATES.length);
    expect(new Set(RUN_STATES.map((s) => s.next)).size, "each row has its own next step").toBe(RUN_STATES.length);
  });

  it("the docs table is this table, line for line", () => {
    const section = DOCS.slice(DOCS.indexOf("## Deploy workflow runs"), DOCS.indexOf("## Provider failures"));
    const lines = section.split("\n").filter((l) => l.startsWith("| `"));
    expect(lines).toEqual(RUN_STATES.map(docsLine));
  });

  it("a status or conclusion GitHub adds later is quoted, with no failed-steps advice", () => {
    const later = runState("completed", "superseded_by_magic");
    expect(later.words).toBe("ended: superseded_by_magic");
    expect(later.logs).not.toBe("failed");
    expect(runState("deferred", null).words).toBe("is deferred");
  });
});

describe.each(RUN_STATES.map((s) => [`${s.status} / ${s.conclusion ?? "none"}`, s] as const))("%s", (_name, state) => {
  const run = {
    runNumber: 562,
    status: state.status,
    conclusion: state.conclusion,
    htmlUrl: "https://github.com/dashtray/dashtray/actions/runs/30433642",
    headSha: "0559c70afe5688dad05ab9385da715d02493f9a1",
    createdAt: "2026-11-26T08:55:30Z",
  };

  it("the build panel: its verdict, its words and next step, the right command and link", async () => {
    upstream.on(RUNS, json(200, workflowRunsAnswer({ status: state.status, conclusion: state.conclusion })));
    upstream.on(NVMRC, json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }));
    const report = await buildReport(fetchImpl, environment(), { GITHUB_TOKEN: TOKEN });
    expect(report.status).toBe(state.verdict);
    expect(report.summary).toContain(state.verdict === "passing" ? `${state.words}.` : `${state.words}. ${state.next}`);
    if (!report.run.ok || !report.run.data) throw new Error("no run");
    const data = report.run.data;
    expect(data.next).toBe(state.next);
    const failedSteps = data.logsCommand.includes("--log-failed");
    expect(failedSteps, "failed-steps advice only where a step failed").toBe(state.conclusion === "failure");
    expect(`${report.summary} ${data.logsLabel}`.includes("failed steps")).toBe(state.conclusion === "failure");
    expect(data.logsCommand.startsWith(state.logs === "watch" ? "gh run watch 30433642" : "gh run view 30433642")).toBe(
      true,
    );
    if (state.link === "approval")
      expect(data.nextLink).toMatchObject({ label: expect.stringMatching(/^Approve run #562/), href: run.htmlUrl });
    else if (state.link === "workflow-file")
      expect(data.nextLink?.href).toMatch(/\/blob\/main\/\.github\/workflows\/deploy\.yml$/);
    else expect(data.nextLink).toBeUndefined();
    if (state.verdict !== "failing") expect(report.summary).not.toMatch(/\bfail(ed|ing)\b(?! to start)/);
  });

  it("the version panel: a warning only when production missed a deploy, worded by the same row", () => {
    const drift = detectDrift({ run, productionBranch: "main" }).filter((d) => d.code.startsWith("deploy_run"));
    if (state.drift === "none") {
      expect(drift).toEqual([]);
      return;
    }
    expect(drift).toHaveLength(1);
    const [d] = drift;
    expect(d?.severity).toBe(state.drift);
    expect(`${d?.title} ${d?.detail}`).toContain(state.next);
    expect(`${d?.title} ${d?.detail}`).toContain(state.words.split(":")[0] ?? "");
  });
});

describe("stale is not failing", () => {
  it("the build panel says inconclusive and the version panel adds no warning, so it can say in sync", () => {
    const stale = runState("completed", "stale");
    expect(stale.verdict).not.toBe("failing");
    expect(stale.drift).toBe("none");
  });
});
