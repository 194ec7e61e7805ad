/**
 * What a write did, read back rather than guessed, through the real Function in workerd against the
 * demo's stand-ins: the Pages rollback answered 2xx, with a documented refusal, a 502 HTML page, no
 * answer (timeout), a reset connection or a 200 that does not parse, each with the switch applied and
 * not applied; the Convex dispatch answered with the run's details, 204, a rate limit, a 502, and the
 * run followed to success, failure or an approval. Each row asserts the words of the result, the
 * audit row, the action's status and the deployment record.
 */
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { RollbackEvent } from "../../src/core/deploy/rollback-action.ts";
import { auditList, deploymentDetail, deploymentList } from "../../src/core/history/schemas.ts";
import { actionState, pressAction, pressBody, resultOf, streamed } from "../support/actions.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demoUrl = inject("demoUrl");
// The demo's history (src/demo/history.ts): live and last good production deployments, the commit Convex should go back to.
const LIVE = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";
const LIVE_COMMIT = "0559c70";
const LAST_GOOD = "54035b60-8935-4af3-8315-b5c5f41b494d";
const GOOD = "29cb07959f28a797ccea7f1f91301aebdb910fe7";

async function demoState() {
  return (await (await fetch(`${demoUrl}/__demo/state`)).json()) as {
    pagesScenario: string;
    convexCommit: string | null;
    counts: Record<string, number>;
    dispatchedRuns: { id: number }[];
  };
}

async function auditFor(reason: string) {
  const audit = auditList.parse(await (await fetch(`${site}/api/audit?env=demo&kind=rollback-action`)).json());
  return audit.entries.filter((e) => e.detail?.includes(reason));
}

async function record(id: number) {
  return deploymentDetail.parse(await (await fetch(`${site}/api/deployments/${id}`)).json());
}

const kinds = (list: RollbackEvent[]) => list.map((e) => e.type);

beforeEach(() => resetDemo());

describe("the Pages rollback's answer is read back", () => {
  const rows: {
    answer: string;
    applied: "yes" | "no";
    outcome: string;
    code: string | undefined;
    says: string;
  }[] = [
    {
      answer: "error-page-502",
      applied: "yes",
      outcome: "verified",
      code: "cloudflare_unclear_applied",
      says: "the Cloudflare API failed with HTTP 502",
    },
    {
      answer: "error-page-502",
      applied: "no",
      outcome: "not-rolled-back",
      code: "cloudflare_unclear_not_applied",
      says: "Pages still serves 3b3ecbb2",
    },
    {
      answer: "timeout",
      applied: "yes",
      outcome: "verified",
      code: "cloudflare_unclear_applied",
      says: "did not answer within 2 s",
    },
    {
      answer: "timeout",
      applied: "no",
      outcome: "not-rolled-back",
      code: "cloudflare_unclear_not_applied",
      says: "did not answer within 2 s",
    },
    {
      answer: "reset",
      applied: "yes",
      outcome: "verified",
      code: "cloudflare_unclear_applied",
      says: "Rolled back and verified",
    },
    {
      answer: "reset",
      applied: "no",
      outcome: "not-rolled-back",
      code: "cloudflare_unclear_not_applied",
      says: "Pages still serves 3b3ecbb2",
    },
    {
      answer: "garbled",
      applied: "yes",
      outcome: "verified",
      code: "cloudflare_unclear_applied",
      says: "answered HTTP 200 with application/json, not JSON",
    },
    {
      answer: "garbled",
      applied: "no",
      outcome: "not-rolled-back",
      code: "cloudflare_unclear_not_applied",
      says: "HTTP 200",
    },
    {
      answer: "refused",
      applied: "yes",
      outcome: "verified",
      code: "cloudflare_refused_but_applied",
      says: "although Cloudflare refused",
    },
    {
      answer: "refused",
      applied: "no",
      outcome: "not-rolled-back",
      code: "cloudflare_refused",
      says: "Cloudflare refused",
    },
    {
      answer: "normal",
      applied: "yes",
      outcome: "verified",
      code: undefined,
      says: "Rolled back and verified: Pages serves 54035b60",
    },
  ];

  it.each(rows)(
    "answered $answer, switch applied: $applied → $outcome",
    async ({ answer, applied, outcome, code, says }) => {
      await setDemo({ rollbackAnswer: answer, rollbackApplied: applied });
      const body = await pressBody("rollback");
      const list = await streamed(await pressAction("rollback", body));
      const result = resultOf(list);
      expect(result).toMatchObject({ outcome, by: "local" });
      expect(result.code).toBe(code);
      expect(result.headline).toContain(says);
      const switched = outcome === "verified";
      // An unclear answer is always read back; the verification runs exactly when the switch happened.
      expect(kinds(list).includes("read-back")).toBe(answer !== "normal");
      expect(kinds(list).includes("smoke")).toBe(switched);
      if (answer !== "normal")
        expect(list.find((e) => e.type === "read-back")).toMatchObject({
          switched,
          said: expect.stringContaining((switched ? LAST_GOOD : LIVE).slice(0, 8)),
        });
      expect((await demoState()).pagesScenario).toBe(switched ? "rolled-back" : "normal");

      const [entry] = await auditFor(body.reason);
      expect(entry).toMatchObject({ actor: "local", outcome, target: LAST_GOOD.slice(0, 8) });
      expect(entry?.detail).toContain(result.headline);
      const status = { verified: "verified", "not-rolled-back": "not_rolled_back" }[outcome];
      expect((await actionState("rollback")).last).toMatchObject({ reason: body.reason, status });

      if (switched) {
        // Recorded on the deployment it undid (the live one's commit), now "rolled back" by whom and when.
        expect(result.deploymentId).not.toBeNull();
        const detail = await record(result.deploymentId ?? 0);
        expect(detail.deployment.targetCommit.startsWith(LIVE_COMMIT)).toBe(true);
        expect(detail.deployment).toMatchObject({ status: "rolled_back", finishedBy: "local" });
        expect(detail.notes.find((n) => n.text.includes(body.reason))).toMatchObject({ by: "local", kind: "runbook" });
      } else if (result.deploymentId !== null) {
        const detail = await record(result.deploymentId);
        expect(detail.deployment.targetCommit.startsWith(LIVE_COMMIT)).toBe(true);
        expect(detail.notes.find((n) => n.text.includes(body.reason))).toMatchObject({ kind: "runbook" });
      }
    },
  );

  it("applied, then nothing can be read back: unknown, with the exact way to check, and no verification", async () => {
    await setDemo({ rollbackAnswer: "error-page-502", rollbackApplied: "yes-then-outage" });
    const body = await pressBody("rollback");
    const list = await streamed(await pressAction("rollback", body));
    const result = resultOf(list);
    expect(result).toMatchObject({ outcome: "unknown", code: "read_back_failed" });
    expect(result.headline).toContain("Unknown whether Pages rolled back");
    expect(result.next).toContain("wrangler pages deployment list --project-name dashtray --environment production");
    expect(result.next).toContain(LAST_GOOD);
    expect(list.find((e) => e.type === "read-back")).toMatchObject({ switched: null });
    expect(kinds(list)).not.toContain("smoke");
    expect((await auditFor(body.reason))[0]).toMatchObject({ outcome: "unknown" });
    expect((await actionState("rollback")).last).toMatchObject({ status: "unknown" });
  });
});

describe("records land on the deployment the rollback undoes, not the newest one", () => {
  it("an unrelated deployment in progress stays as it was; the live one's record says rolled back", async () => {
    const started = await fetch(`${site}/api/deployments?env=demo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetCommit: "1111111111111111111111111111111111111111" }),
    });
    expect(started.status).toBeLessThan(300);
    const unrelated = ((await started.json()) as { deployment: { id: number } }).deployment.id;
    try {
      const result = resultOf(await streamed(await pressAction("rollback", await pressBody("rollback"))));
      expect(result.outcome).toBe("verified");
      expect(result.deploymentId).not.toBe(unrelated);
      const untouched = await record(unrelated);
      expect(untouched.deployment.status).toBe("in_progress");
      expect(untouched.notes).toEqual([]);
      expect((await record(result.deploymentId ?? 0)).deployment.status).toBe("rolled_back");
      // The list and its export show the runbook's note with its author and time.
      const list = deploymentList.parse(await (await fetch(`${site}/api/deployments?env=demo`)).json());
      const listed = list.deployments.find((d) => d.id === result.deploymentId);
      expect(listed?.notes.at(-1)).toMatch(/\(runbook for local, \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
      const csv = await (await fetch(`${site}/api/deployments?env=demo&format=csv`)).text();
      expect(csv).toContain("(runbook for local, ");
    } finally {
      await fetch(`${site}/api/deployments/${unrelated}/status`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: "abandoned" }),
      });
    }
  });
});

describe("the Convex redeploy follows its run", () => {
  it("200 with the run's details: the run's link at once, followed to success, then Convex reports the commit", async () => {
    const body = await pressBody("convex-redeploy");
    const list = await streamed(await pressAction("convex-redeploy", body));
    const result = resultOf(list);
    expect(result).toMatchObject({ outcome: "verified" });
    const [run] = (await demoState()).dispatchedRuns;
    expect(list.find((e) => e.type === "answer")).toMatchObject({ verdict: "done" });
    expect(JSON.stringify(list.find((e) => e.type === "answer"))).toContain(`actions/runs/${run?.id}`);
    const runs = list.filter((e) => e.type === "run");
    expect(runs.at(-1)).toMatchObject({ run: { status: "completed", conclusion: "success" } });
    expect((await demoState()).convexCommit).toBe(GOOD);
    expect((await auditFor(body.reason))[0]).toMatchObject({ outcome: "verified" });
  });

  it("204 without details: the workflow_dispatch run created since the press is found and followed", async () => {
    await setDemo({ dispatchAnswer: "no-content" });
    const list = await streamed(await pressAction("convex-redeploy", await pressBody("convex-redeploy")));
    expect(list.find((e) => e.type === "answer")).toMatchObject({ verdict: "done" });
    expect(list.find((e) => e.type === "run")).toBeDefined();
    expect(resultOf(list).outcome).toBe("verified");
  });

  it.each([
    ["secondary-rate-limited", "secondary rate limit"],
    ["rate-limited-429", "HTTP 429"],
  ])(
    "dispatch %s: not redeployed, named as a rate limit with its retry time, not a permission",
    async (answer, says) => {
      await setDemo({ dispatchAnswer: answer });
      const body = await pressBody("convex-redeploy");
      const result = resultOf(await streamed(await pressAction("convex-redeploy", body)));
      expect(result).toMatchObject({ outcome: "not-rolled-back", code: "github_rate_limited" });
      expect(result.headline).toContain(says);
      expect(result.headline).toContain("retry in");
      expect(result.headline).not.toContain("lacks");
      expect((await demoState()).dispatchedRuns).toEqual([]);
      expect((await auditFor(body.reason))[0]).toMatchObject({ outcome: "not-rolled-back" });
    },
  );

  it("dispatch answered 502 HTML after starting the run: the run is read back and followed", async () => {
    await setDemo({ dispatchAnswer: "error-page-502" });
    const list = await streamed(await pressAction("convex-redeploy", await pressBody("convex-redeploy")));
    expect(list.find((e) => e.type === "answer")).toMatchObject({ verdict: "unknown" });
    expect(list.find((e) => e.type === "read-back")).toMatchObject({ switched: true });
    expect(resultOf(list).outcome).toBe("verified");
  });

  it("the run waits for approval: unknown, with the run's link to approve it; Convex unchanged", async () => {
    await setDemo({ deployRun: "approval" });
    const body = await pressBody("convex-redeploy");
    const result = resultOf(await streamed(await pressAction("convex-redeploy", body)));
    const [run] = (await demoState()).dispatchedRuns;
    expect(result).toMatchObject({ outcome: "unknown", code: "run_waiting" });
    expect(result.headline).toContain("waits for approval");
    expect(result.next).toContain(`actions/runs/${run?.id}`);
    expect((await demoState()).convexCommit).toBeNull();
    expect((await auditFor(body.reason))[0]).toMatchObject({ outcome: "unknown" });
  });

  it("the run fails: not redeployed, the run named, Convex still runs what it ran", async () => {
    await setDemo({ deployRun: "failure" });
    const result = resultOf(await streamed(await pressAction("convex-redeploy", await pressBody("convex-redeploy"))));
    expect(result).toMatchObject({ outcome: "not-rolled-back", code: "run_failed" });
    expect(result.headline).toContain("ended failure");
    expect(result.headline).toContain("Convex still runs");
  });
});
