import { describe, expect, it } from "vitest";
import { runSmoke } from "../../src/core/checks/run.ts";
import type { CheckDefinitionInput } from "../../src/core/config/checks.ts";
import { invocationFetch } from "../../src/server/lib/invocation.ts";
import { verifyPart } from "../../src/server/routes/verify.ts";
import { environmentWith } from "./support/config.ts";

/** A fetch the test answers by hand, counting how many requests it has open at most. */
function manualFetch() {
  const pending: (() => void)[] = [];
  const seen = { open: 0, max: 0, total: 0 };
  const fetchImpl = (_input: string, _init: RequestInit) =>
    new Promise<Response>((resolve) => {
      seen.open += 1;
      seen.total += 1;
      seen.max = Math.max(seen.max, seen.open);
      pending.push(() => {
        seen.open -= 1;
        resolve(new Response("{}", { headers: { "content-type": "application/json" } }));
      });
    });
  return { fetchImpl, pending, seen };
}

/** A fetch that answers every request on the next timer turn, counting how many it has open at most. */
function quickFetch() {
  const seen = { open: 0, max: 0, total: 0 };
  const fetchImpl = async (_input: string, _init: RequestInit) => {
    seen.open += 1;
    seen.total += 1;
    seen.max = Math.max(seen.max, seen.open);
    await new Promise((resolve) => setTimeout(resolve, 2));
    seen.open -= 1;
    return new Response("{}", { headers: { "content-type": "application/json" } });
  };
  return { fetchImpl, seen };
}

const criteria = { maxErrorRate: 0.01, p95Ms: 2_000, samples: 5, concurrency: 6 };

function smokeEnvironment(checks: number) {
  return environmentWith(
    { app: "https://app.example" },
    Array.from(
      { length: checks },
      (_, i): CheckDefinitionInput => ({
        id: `check-${i}`,
        title: `Check ${i}`,
        target: "app",
        path: `/${i}`,
        smoke: true,
      }),
    ),
  );
}

describe("one invocation's fetch (Cloudflare's limits, enforced locally)", () => {
  it("keeps 6 requests waiting for headers; the 7th leaves when one of them has its headers", async () => {
    const upstream = manualFetch();
    const limited = invocationFetch(upstream.fetchImpl, { connections: 6, subrequests: 50 });
    const answers = Array.from({ length: 8 }, (_, i) => limited(`https://app.example/${i}`, {}));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(upstream.seen.total).toBe(6);
    upstream.pending[0]?.();
    await answers[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(upstream.seen.total).toBe(7);
    expect(limited.queued()).toBe(2);
    for (let i = 1; i < 8; i += 1) {
      upstream.pending[i]?.();
      await answers[i];
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(upstream.seen.max).toBe(6);
  });

  it("refuses the request past the subrequest budget, naming the limit and its variable", async () => {
    const upstream = quickFetch();
    const limited = invocationFetch(upstream.fetchImpl, { connections: 6, subrequests: 3 });
    for (let i = 0; i < 3; i += 1) await limited("https://app.example/", {});
    await expect(limited("https://app.example/", {})).rejects.toThrow(
      "subrequest limit reached: one invocation may make 3 requests (RUNBOOK_INVOCATION_SUBREQUESTS)",
    );
    expect(upstream.seen.total).toBe(3);
  });
});

describe("verify-all within one invocation's limits", () => {
  it.each([4, 16, 40])(
    "%i checks: never more than 6 in flight, no probe waits in the connection queue, samples cut to 50 requests",
    async (n) => {
      const upstream = quickFetch();
      const limited = invocationFetch(upstream.fetchImpl, { connections: 6, subrequests: 50 });
      const { results, summary } = await runSmoke(
        { fetch: limited, environment: smokeEnvironment(n) },
        { criteria, limits: { connections: 6, requests: 50 } },
      );
      const perCheck = Math.min(5, Math.floor(50 / n));
      expect(results).toHaveLength(n);
      expect(results.every((r) => r.samples?.count === perCheck)).toBe(true);
      expect(upstream.seen.max).toBeLessThanOrEqual(6);
      expect(limited.queued()).toBe(0);
      expect(summary.samples.count).toBe(n * perCheck);
      expect(summary.summary.includes("per check instead of 5")).toBe(perCheck < 5);
    },
  );

  it("without the scheduler, the local cap queues probes as production would (their latency would include the wait)", async () => {
    const upstream = quickFetch();
    const limited = invocationFetch(upstream.fetchImpl, { connections: 6, subrequests: 50 });
    await runSmoke({ fetch: limited, environment: smokeEnvironment(4) }, { criteria });
    expect(upstream.seen.max).toBe(6);
    expect(limited.queued()).toBeGreaterThan(0);
  });
});

describe("verify-all as one invocation per check (what the page sends)", () => {
  it.each([4, 16, 40])(
    "%i checks: every invocation keeps its 5 samples within 6 connections and 50 subrequests, nothing queued",
    async (n) => {
      const upstream = quickFetch();
      const environment = smokeEnvironment(n);
      const limits = { connections: 6, subrequests: 50 };
      const fetches = environment.checks.map(() => invocationFetch(upstream.fetchImpl, limits));
      const parts = await Promise.all(
        environment.checks.map((check, i) =>
          verifyPart(fetches[i] as ReturnType<typeof invocationFetch>, environment, check, criteria, limits),
        ),
      );
      expect(parts.map((p) => p.samples.count)).toEqual(Array(n).fill(5));
      expect(fetches.map((f) => f.used())).toEqual(Array(n).fill(5));
      expect(fetches.map((f) => f.queued())).toEqual(Array(n).fill(0));
    },
  );

  it("a plan with fewer subrequests than samples cuts the samples to fit, and fewer connections keeps to them", async () => {
    const upstream = quickFetch();
    const environment = smokeEnvironment(1);
    const check = environment.checks[0];
    if (!check) throw new Error("no check");
    const limited = invocationFetch(upstream.fetchImpl, { connections: 2, subrequests: 3 });
    const part = await verifyPart(limited, environment, check, criteria, { connections: 2, subrequests: 3 });
    expect(part.samples.count).toBe(3);
    expect(upstream.seen.max).toBe(2);
    expect(limited.queued()).toBe(0);
  });
});
