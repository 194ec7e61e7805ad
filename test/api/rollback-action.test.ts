/**
 * The rollback action through the real Function in workerd, against the demo's Cloudflare Pages
 * stand-in (real-shaped: the documented envelope, `GET .../deployments/{id}` and
 * `POST .../deployments/{id}/rollback`, and it counts every call). Every refusal changes nothing and
 * calls no rollback; a press rolls back once, verifies, and is recorded with who and why.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { startStackWithToml, withoutDatabase } from "../../scripts/lib/toml-stack.ts";
import type { RollbackActionState, RollbackEvent } from "../../src/core/deploy/rollback-action.ts";
import { auditList, deploymentDetail } from "../../src/core/history/schemas.ts";
import { demoCounts, resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demoUrl = inject("demoUrl");

// The demo's history (src/demo/history.ts).
const LIVE = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";
const LAST_GOOD = "54035b60-8935-4af3-8315-b5c5f41b494d";
const BEFORE_LAST_GOOD = "ca94f0eb-4a61-460c-9ce8-384eb946d55d";
const FAILED = "7f2f50b6-fa21-4ffb-9114-f942d89f03f0";
const PREVIEW = "48db7b21-29d2-440b-a4a2-1e63cc69fd99";
const UNKNOWN = "0badbeef-0000-4000-8000-000000000000";
const ROLLBACK_ROUTE =
  "POST /cloudflare/client/v4/accounts/:account/pages/projects/:project/deployments/:deployment/rollback";

async function rollbackCalls(): Promise<number> {
  return (await demoCounts())[ROLLBACK_ROUTE] ?? 0;
}

async function pagesScenario(): Promise<string> {
  return ((await (await fetch(`${demoUrl}/__demo/state`)).json()) as { pagesScenario: string }).pagesScenario;
}

async function state(base = site, env = "demo"): Promise<RollbackActionState> {
  const res = await fetch(`${base}/api/actions/rollback?env=${env}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RollbackActionState;
}

async function body(overrides: Record<string, unknown> = {}) {
  const s = await state();
  return {
    target: s.targets[0]?.id ?? LAST_GOOD,
    reason: "checkout fails after the price rounding deploy",
    confirm: "demo",
    expectedLive: s.live?.id ?? LIVE,
    requestId: randomUUID(),
    issuedAt: s.issuedAt,
    ...overrides,
  };
}

function press(payload: unknown, options: { base?: string; env?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${options.base ?? site}/api/actions/rollback?env=${options.env ?? "demo"}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: JSON.stringify(payload),
  });
}

async function events(res: Response): Promise<RollbackEvent[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/x-ndjson");
  return (await res.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RollbackEvent);
}

function resultOf(list: RollbackEvent[]) {
  const last = list.at(-1);
  if (last?.type !== "result") throw new Error(`the stream did not end with a result: ${JSON.stringify(last)}`);
  return last;
}

beforeEach(() => resetDemo());

describe("GET /api/actions/rollback says whether the button exists and lists the targets", () => {
  it("demo: available to the local reader, live and last good from the Pages list", async () => {
    const s = await state();
    expect(s).toMatchObject({ environment: "demo", available: true, actor: "local", maxAgeSeconds: 900 });
    expect(s.live?.id).toBe(LIVE);
    expect(s.targets.map((t) => t.id).slice(0, 2)).toEqual([LAST_GOOD, BEFORE_LAST_GOOD]);
    expect(s.targets.map((t) => t.id)).not.toContain(FAILED);
  });

  it("staging: not enabled, so no button and the reason names the config key; Cloudflare is not asked", async () => {
    const res = await fetch(`${site}/api/actions/rollback?env=staging`);
    const s = (await res.json()) as RollbackActionState;
    expect(s.available).toBe(false);
    expect(s.why).toContain("environments.staging.rollbackAction.enabled");
    expect(s.targets).toEqual([]);
  });
});

describe("POST /api/actions/rollback refuses, and nothing changes", () => {
  const rows: {
    what: string;
    overrides?: Record<string, unknown>;
    before?: Record<string, unknown>;
    env?: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
    says: string;
  }[] = [
    {
      what: "an unknown target",
      overrides: { target: UNKNOWN },
      status: 404,
      code: "target_unknown",
      says: "no deployment",
    },
    { what: "a failed deployment", overrides: { target: FAILED }, status: 409, code: "target_failed", says: "failure" },
    {
      what: "a preview deployment",
      overrides: { target: PREVIEW },
      status: 409,
      code: "target_preview",
      says: "preview",
    },
    {
      what: "the live deployment itself",
      overrides: { target: LIVE },
      status: 409,
      code: "target_not_older",
      says: "already live",
    },
    {
      what: "a newer deployment (after a rollback, the newest one)",
      before: { pagesScenario: "rolled-back" },
      overrides: { target: LIVE, expectedLive: LAST_GOOD },
      status: 409,
      code: "target_not_older",
      says: "newer than the live one",
    },
    {
      what: "the wrong confirmation",
      overrides: { confirm: "production" },
      status: 400,
      code: "confirmation_mismatch",
      says: '"demo"',
    },
    { what: "an empty reason", overrides: { reason: "   " }, status: 400, code: "reason_required", says: "why" },
    {
      what: "a stale page (the live deployment it showed is no longer live)",
      overrides: { expectedLive: BEFORE_LAST_GOOD },
      status: 409,
      code: "live_changed",
      says: "stale",
    },
    {
      what: "an old request (issued 20 minutes ago)",
      overrides: { issuedAt: new Date(Date.now() - 20 * 60_000).toISOString() },
      status: 409,
      code: "request_expired",
      says: "15 minutes",
    },
    {
      what: "a request issued in the future",
      overrides: { issuedAt: new Date(Date.now() + 60 * 60_000).toISOString() },
      status: 409,
      code: "request_expired",
      says: "future",
    },
    {
      what: "a body naming who did it",
      overrides: { actor: "boss@dashtray.example" },
      status: 400,
      code: "identity_in_body",
      says: "Access",
    },
    { what: "an unknown field", overrides: { force: true }, status: 400, code: "invalid_request", says: "force" },
    {
      what: "a missing reason",
      overrides: { reason: undefined },
      status: 400,
      code: "invalid_request",
      says: "reason",
    },
    {
      what: "an environment where it is off",
      env: "staging",
      status: 404,
      code: "action_not_enabled",
      says: "rollbackAction.enabled",
    },
    {
      what: "a cross-site request",
      headers: { "sec-fetch-site": "cross-site" },
      status: 403,
      code: "cross_site_refused",
      says: "another site",
    },
  ];

  it.each(rows)("$what: $status $code", async ({ overrides, before, env, headers, status, code, says }) => {
    if (before) await setDemo(before);
    const scenario = await pagesScenario();
    const payload = await body(overrides);
    const res = await press(payload, { ...(env && { env }), ...(headers && { headers }) });
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe(code);
    expect(answer.error.message).toContain(says);
    expect(await rollbackCalls()).toBe(0);
    expect(await pagesScenario()).toBe(scenario);
  });
});

describe("a press rolls back once, verifies, and is recorded (demo stand-in)", () => {
  it("a bad deploy is live; the rollback to the last good one is verified and recorded with who and why", async () => {
    await setDemo({ newestDeploy: "broken" });
    const health = await fetch(`${demoUrl}/api/health`);
    expect(health.status).toBe(503);
    const reason = `checkout 500s after 2026.11.26-1 (${randomUUID().slice(0, 8)})`;
    const payload = await body({ reason });
    const list = await events(await press(payload));

    expect(list[0]).toMatchObject({
      type: "start",
      by: "local",
      from: { id: LIVE },
      to: { id: LAST_GOOD },
      joined: false,
    });
    expect(list[1]).toMatchObject({ type: "answer", verdict: "done" });
    expect(list[2]).toMatchObject({ type: "rolled-back", live: { id: LAST_GOOD } });
    expect(list.filter((e) => e.type === "check").length).toBeGreaterThan(0);
    expect(list.find((e) => e.type === "smoke")).toMatchObject({ summary: { status: "pass" } });
    expect(list.find((e) => e.type === "version")).toMatchObject({ liveId: LAST_GOOD, matches: true });
    const result = resultOf(list);
    expect(result).toMatchObject({ outcome: "verified", by: "local" });
    expect(JSON.stringify(list)).not.toContain("demo-write-token");
    expect(result.headline).toContain("Rolled back and verified");

    expect(await rollbackCalls()).toBe(1);
    expect(await pagesScenario()).toBe("rolled-back");
    expect((await fetch(`${demoUrl}/api/health`)).status).toBe(200);
    const again = await state();
    expect(again.live?.id).toBe(LAST_GOOD);
    expect(again.last).toMatchObject({ by: "local", toId: LAST_GOOD, reason, status: "verified" });

    const audit = auditList.parse(await (await fetch(`${site}/api/audit?env=demo&kind=rollback-action`)).json());
    const entry = audit.entries.find((e) => e.detail?.includes(reason));
    expect(entry).toMatchObject({ actor: "local", outcome: "verified", target: LAST_GOOD.slice(0, 8) });
    expect(entry?.detail).toContain("from 3b3ecbb2");

    // Recorded on the deployment it undid (the live one, matched by its commit), now rolled back.
    const detail = deploymentDetail.parse(await (await fetch(`${site}/api/deployments/${result.deploymentId}`)).json());
    expect(detail.deployment).toMatchObject({ status: "rolled_back", finishedBy: "local" });
    expect(detail.deployment.targetCommit.startsWith("0559c70")).toBe(true);
    expect(detail.notes.find((n) => n.text.includes(reason))).toMatchObject({ by: "local", kind: "runbook" });

    // The same request again is a replay: refused, and no second call.
    const replay = await press(payload);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe("request_replayed");
    expect(await rollbackCalls()).toBe(1);
  });

  it("two engineers press together: one rollback call, and the second is told who did it", async () => {
    const [a, b] = await Promise.all([body({ reason: "first press" }), body({ reason: "second press" })]);
    const answers = await Promise.all([press(a), press(b)]);
    const outcomes = await Promise.all(
      answers.map(async (res) => {
        if (res.status === 200) return { stream: await events(res) };
        return {
          status: res.status,
          error: ((await res.json()) as { error: { code: string; message: string } }).error,
        };
      }),
    );
    expect(await rollbackCalls()).toBe(1);
    const streams = outcomes.flatMap((o) => ("stream" in o && o.stream ? [o.stream] : []));
    expect(streams.length).toBeGreaterThan(0);
    for (const stream of streams) expect(resultOf(stream).outcome).toBe("verified");
    const second = outcomes.find((o) => !("stream" in o) || (o.stream?.[0]?.type === "start" && o.stream[0].joined));
    expect(second).toBeDefined();
    if (second && "error" in second && second.error) {
      expect(["rollback_in_progress", "live_changed"]).toContain(second.error.code);
      expect(second.error.message).toContain("local");
    } else if (second && "stream" in second && second.stream) {
      expect(second.stream[0]).toMatchObject({ type: "start", joined: true, by: "local" });
    }
    expect(await pagesScenario()).toBe("rolled-back");
    // Replaying either form later calls nothing: a press that ran, joined or met the one in progress is used up
    // (one that arrived after the switch was refused as stale, and still is).
    for (const form of [a, b]) {
      const replay = await press(form);
      expect(replay.status).toBe(409);
      expect(["request_replayed", "live_changed"]).toContain(
        ((await replay.json()) as { error: { code: string } }).error.code,
      );
    }
    expect(await rollbackCalls()).toBe(1);
  });

  it("Cloudflare refuses the rollback: not rolled back, nothing changed, and that is recorded", async () => {
    // The demo stand-in can serve only its two newest good deployments; it refuses others with 400.
    const list = await events(await press(await body({ target: BEFORE_LAST_GOOD })));
    const result = resultOf(list);
    expect(result).toMatchObject({ outcome: "not-rolled-back", code: "cloudflare_refused" });
    expect(result.headline).toContain("Pages still serves 3b3ecbb2");
    expect(result.next).toContain("Nothing changed");
    expect(list.find((e) => e.type === "answer")).toMatchObject({ verdict: "refused" });
    expect(list.some((e) => e.type === "rolled-back" || e.type === "smoke")).toBe(false);
    expect(await rollbackCalls()).toBe(1);
    expect(await pagesScenario()).toBe("normal");
    expect((await state()).last).toMatchObject({ toId: BEFORE_LAST_GOOD, status: "not_rolled_back" });
  });

  it("rolled back but verification failed: says so and what to do next", async () => {
    await setDemo({ mode: "down" });
    const result = resultOf(await events(await press(await body())));
    expect(result.outcome).toBe("verify-failed");
    expect(result.headline).toContain("verification failed");
    expect(result.next).toContain("roll back further");
    expect(await pagesScenario()).toBe("rolled-back");
  });
});

describe("stacks without a write token or without D1 refuse before anything is asked", () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it("no write token: no button, and a press is 503 write_token_missing naming the binding and permission", async () => {
    stack = await startStack({ port: 0, demoPort: 0, build: false, bindings: { DEMO_CLOUDFLARE_WRITE_TOKEN: " " } });
    const s = await state(stack.url);
    expect(s.available).toBe(false);
    expect(s.why).toContain("DEMO_CLOUDFLARE_WRITE_TOKEN");
    const res = await press(
      {
        target: LAST_GOOD,
        reason: "r",
        confirm: "demo",
        expectedLive: LIVE,
        requestId: randomUUID(),
        issuedAt: s.issuedAt,
      },
      { base: stack.url },
    );
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("write_token_missing");
    expect(error.message).toContain("Cloudflare Pages → Edit");
    expect(stack.demo?.state.counts[ROLLBACK_ROUTE]).toBeUndefined();
    await stack.stop();
    stack = undefined;
  }, 120_000);

  it("no D1: no unaudited writes, a press is 503 history_not_shared", async () => {
    stack = await startStackWithToml(withoutDatabase, { database: false });
    const s = await state(stack.url);
    expect(s.available).toBe(false);
    expect(s.why).toContain("no unaudited writes");
    const res = await press(
      {
        target: LAST_GOOD,
        reason: "r",
        confirm: "demo",
        expectedLive: LIVE,
        requestId: randomUUID(),
        issuedAt: s.issuedAt,
      },
      { base: stack.url },
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("history_not_shared");
    expect(stack.demo?.state.counts).toEqual({});
  }, 120_000);
});

describe("redeploy Convex at the good commit (the demo's deploy-convex workflow, GitHub stand-in)", () => {
  const GOOD = "29cb07959f28a797ccea7f1f91301aebdb910fe7";
  const HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";
  const DISPATCH_ROUTE = "POST /github/repos/:owner/:repo/actions/workflows/:workflow/dispatches";
  const convexState = async () =>
    (await (await fetch(`${site}/api/actions/convex-redeploy?env=demo`)).json()) as RollbackActionState;
  const convexBody = async (overrides: Record<string, unknown> = {}) => {
    const s = await convexState();
    return {
      target: s.targets[0]?.id ?? GOOD,
      reason: "the backend of the bad deploy corrupts renewals",
      confirm: "demo",
      expectedLive: s.live?.id ?? HEAD,
      requestId: randomUUID(),
      issuedAt: s.issuedAt,
      ...overrides,
    };
  };
  const pressConvex = (payload: unknown) =>
    fetch(`${site}/api/actions/convex-redeploy?env=demo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
  const dispatches = async () => (await demoCounts())[DISPATCH_ROUTE] ?? 0;
  const convexCommit = async () =>
    ((await (await fetch(`${demoUrl}/__demo/state`)).json()) as { convexCommit: string | null }).convexCommit;

  it("offers the commit Pages says was good, from the commit Convex runs", async () => {
    const s = await convexState();
    expect(s).toMatchObject({ available: true, live: { id: HEAD }, targets: [{ id: GOOD }] });
    const staging = (await (
      await fetch(`${site}/api/actions/convex-redeploy?env=staging`)
    ).json()) as RollbackActionState;
    expect(staging.available).toBe(false);
    expect(staging.why).toContain("rollbackAction.convexWorkflow");
  });

  it.each([
    ["another commit than the plan's", { target: HEAD }, 409, "target_not_planned"],
    ["a stale page", { expectedLive: GOOD }, 409, "live_changed"],
    ["the wrong confirmation", { confirm: "staging" }, 400, "confirmation_mismatch"],
    ["an empty reason", { reason: "" }, 400, "reason_required"],
  ])("refuses %s (%i %s) and dispatches nothing", async (_what, overrides, status, code) => {
    const res = await pressConvex(await convexBody(overrides));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await dispatches()).toBe(0);
    expect(await convexCommit()).toBeNull();
  });

  it("GitHub refuses the dispatch: not redeployed, Convex still runs what it ran, and it says why", async () => {
    const payload = await convexBody();
    await setDemo({ githubApi: "rate-limited" });
    const result = resultOf(await events(await pressConvex(payload)));
    expect(result).toMatchObject({ outcome: "not-rolled-back", code: "github_rate_limited" });
    expect(result.headline).toContain("Convex still runs 0559c70");
    expect(result.headline).toContain("primary rate limit");
    expect(await convexCommit()).toBeNull();
  });

  it("two presses together: one dispatch, Convex reports the commit, verified and recorded", async () => {
    const [a, b] = await Promise.all([convexBody(), convexBody()]);
    const answers = await Promise.all([pressConvex(a), pressConvex(b)]);
    expect(await dispatches()).toBe(1);
    const streams = await Promise.all(answers.filter((r) => r.status === 200).map((r) => events(r)));
    expect(streams.length).toBeGreaterThan(0);
    for (const list of streams) {
      expect(list.find((e) => e.type === "rolled-back")).toMatchObject({ live: { id: GOOD } });
      expect(resultOf(list)).toMatchObject({ outcome: "verified", by: "local" });
    }
    for (const res of answers.filter((r) => r.status !== 200))
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("local");
    expect(await convexCommit()).toBe(GOOD);
    const audit = auditList.parse(await (await fetch(`${site}/api/audit?env=demo&kind=rollback-action`)).json());
    // Listed by when each press started: the one that ran and the one that joined it (or was refused), either first.
    const two = audit.entries.slice(0, 2);
    expect(two.map((e) => e.outcome).filter((o) => o !== "verified")).toEqual([
      expect.stringMatching(/^(joined|refused)$/),
    ]);
    const ran = two.find((e) => e.outcome === "verified");
    expect(ran).toMatchObject({ actor: "local", outcome: "verified", target: GOOD.slice(0, 7) });
    expect(ran?.detail).toContain("the backend of the bad deploy corrupts renewals");
  });
});
