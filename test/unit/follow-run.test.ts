import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubSettings } from "../../src/core/config/environment.ts";
import { findRun, followRun, needsApproval } from "../../src/server/actions/follow-run.ts";
import { oddAnswer } from "../../src/server/actions/refs.ts";
import { type DispatchedRun, workflowRunsClient } from "../../src/server/clients/github-write.ts";
import { startHttpServer, type TestServer } from "./support/servers.ts";

// Following the run a dispatch started, against a real local server answering GitHub's workflow-run
// shape: each read gets the next state of `states`; no waits (the schedule is a parameter).

const SINCE = "2026-12-06T09:00:00Z";
let states: { status: string | null; conclusion: string | null }[] = [];
let listed: { id: number; created_at: string }[] = [];
let reads = 0;
let server: TestServer;

const run = (id: number, state: { status: string | null; conclusion: string | null }, created = SINCE) => ({
  id,
  run_number: 7,
  head_sha: "0559c70afe5688dad05ab9385da715d02493f9a1",
  head_branch: "main",
  html_url: "https://evil.example/not-a-link-we-use",
  created_at: created,
  event: "workflow_dispatch",
  ...state,
});

beforeAll(async () => {
  server = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    res.setHeader("content-type", "application/json");
    if (url.pathname.endsWith("/runs")) {
      res.end(
        JSON.stringify({
          total_count: listed.length,
          workflow_runs: listed.map((r) => run(r.id, { status: "queued", conclusion: null }, r.created_at)),
        }),
      );
      return;
    }
    const state = states[Math.min(reads, states.length - 1)] ?? { status: "queued", conclusion: null };
    reads += 1;
    res.end(JSON.stringify(run(42, state)));
  });
});
afterAll(() => server.close());

const client = () =>
  workflowRunsClient({
    fetch: (input: string, init: RequestInit) => fetch(input, init),
    settings: githubSettings.parse({ repo: "octo-org/octo-repo", workflow: "deploy.yml", apiBase: server.url }),
    workflow: "deploy-convex.yml",
    tokenVariable: "ACTIONS_WRITE",
    bindings: { ACTIONS_WRITE: "t0ken-value" },
  });
const first: DispatchedRun = { id: 42, url: "", status: "queued", conclusion: null, createdAt: SINCE };
const NO_WAITS = [0, 0, 0, 0, 0];

describe("following the dispatched run", () => {
  it.each([
    [
      "queued, in progress, then success",
      [
        ["in_progress", null],
        ["completed", "success"],
      ],
      "completed",
      "success",
    ],
    ["a failure", [["completed", "failure"]], "completed", "failure"],
    ["a run waiting for a reviewer (status waiting)", [["waiting", null]], "approval", null],
    [
      "a run held for approval (conclusion action_required)",
      [["completed", "action_required"]],
      "approval",
      "action_required",
    ],
    ["still in progress when the reads are used", [["in_progress", null]], "unfinished", null],
  ] as const)("%s", async (_what, sequence, end, conclusion) => {
    states = sequence.map(([status, c]) => ({ status, conclusion: c }));
    reads = 0;
    const changes: string[] = [];
    const followed = await followRun(client(), first, (r) => changes.push(`${r.status}/${r.conclusion}`), NO_WAITS);
    expect(followed.end).toBe(end);
    expect(followed.run.conclusion).toBe(conclusion);
    expect(followed.run.url).toBe("https://github.com/octo-org/octo-repo/actions/runs/42");
    expect(changes.length).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(NO_WAITS.length);
  });

  it("finds the oldest workflow_dispatch run created since the press, and none from before it", async () => {
    listed = [
      { id: 9, created_at: "2026-12-06T08:59:00Z" },
      { id: 11, created_at: "2026-12-06T09:00:03Z" },
      { id: 10, created_at: "2026-12-06T09:00:01Z" },
    ];
    expect((await findRun(client(), SINCE, [0]))?.id).toBe(10);
    listed = [{ id: 9, created_at: "2026-12-06T08:59:00Z" }];
    expect(await findRun(client(), SINCE, [0, 0])).toBeUndefined();
  });

  it("approval is waiting or action_required, nothing else", () => {
    expect(needsApproval({ status: "waiting", conclusion: null })).toBe(true);
    expect(needsApproval({ status: "completed", conclusion: "action_required" })).toBe(true);
    expect(needsApproval({ status: "pending", conclusion: null })).toBe(false);
    expect(needsApproval({ status: "completed", conclusion: "stale" })).toBe(false);
  });
});

describe("an unclear answer named inside a sentence", () => {
  it.each([
    [
      "The Cloudflare API failed with HTTP 502: a problem on its side; try again in a minute.",
      "the Cloudflare API failed with HTTP 502",
    ],
    [
      "The GitHub API did not answer within 2 s (https://api.github.com/repos/o/r/actions/workflows/x/dispatches).",
      "the GitHub API did not answer within 2 s",
    ],
  ])("%s", (message, said) => {
    expect(oddAnswer(message)).toBe(said);
  });
});
