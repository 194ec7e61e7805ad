import { afterAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";

// Stacks of their own: bindings decide what the Function loads, so each case starts workerd afresh.
const stacks: Stack[] = [];
afterAll(() => Promise.all(stacks.map((s) => s.stop())));

async function stack(options: { bindings?: Record<string, string>; withoutDemo?: boolean }): Promise<Stack> {
  const s = await startStack({ port: 0, demoPort: 0, build: false, ...options });
  stacks.push(s);
  return s;
}

describe("the Function at start", () => {
  it("answers every API route with a config error naming the bad binding", async () => {
    const s = await stack({ bindings: { RUNBOOK_DEMO_ORIGIN: "not a url" }, withoutDemo: true });
    for (const path of ["/api/health", "/api/checks?env=demo"]) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("config_invalid");
      expect(body.error.message).toContain('RUNBOOK_DEMO_ORIGIN: expected an http(s) origin, got "not a url"');
    }
  });

  it("rejects a bad limit binding by name", async () => {
    const s = await stack({ bindings: { RUNBOOK_RUNS_PER_MINUTE: "lots" } });
    const body = (await (await fetch(`${s.url}/api/health`)).json()) as { error: { message: string } };
    expect(body.error.message).toContain('RUNBOOK_RUNS_PER_MINUTE: expected a number from 1 to 100000, got "lots"');
  });

  it("has no demo environment on a deployed copy", async () => {
    const s = await stack({ withoutDemo: true });
    const envs = (await (await fetch(`${s.url}/api/environments`)).json()) as { environments: { id: string }[] };
    expect(envs.environments.map((e) => e.id)).toEqual(["staging", "production"]);
    const demo = await fetch(`${s.url}/api/demo/state`);
    expect(demo.status).toBe(404);
    expect(((await demo.json()) as { error: { code: string } }).error.code).toBe("demo_disabled");
  });

  it("limits runs per client with 429 and Retry-After", async () => {
    // Reuse off: a reused answer probes nothing and weighs nothing, so each press here must really probe.
    const s = await stack({ bindings: { RUNBOOK_RUNS_PER_MINUTE: "3", RUNBOOK_REUSE_SECONDS: "0" } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${s.url}/api/checks/frontend/run?env=demo`, { method: "POST" });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
      await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
