/**
 * Checks between deploys through the real watch Worker (its scheduled handler fired as the Cron
 * Trigger would, one schedule slot after another) and the real Function on the same D1: the demo
 * switched down opens an incident after `openAfter` failed runs, not before; it resolves after
 * `resolveAfter` passing runs once the demo is back; the uptime figures are those of the stored runs.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { IncidentsAnswer, UptimeAnswer } from "../../src/core/uptime/schemas.ts";
import { resetDemo, setDemo } from "../support/demo.ts";
import { fireScheduled } from "../support/watch.ts";

const site = inject("siteUrl");
const EVERY_MS = 10_000;

async function read<T>(path: string): Promise<T> {
  const res = await fetch(`${site}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** Each call is the next schedule slot: the tick for a time one interval after the last. */
let slotTime = Math.ceil(Date.now() / EVERY_MS) * EVERY_MS + 3_600_000;
const nextTick = () => {
  slotTime += EVERY_MS;
  return fireScheduled(slotTime);
};

const openFor = async (check: string) =>
  (await read<IncidentsAnswer>("/api/incidents?env=demo")).incidents.find((i) => i.check === check && !i.resolvedAt);

describe("checks between deploys", () => {
  beforeAll(async () => {
    await resetDemo();
    // Healthy runs first, so an incident left open by an earlier file resolves.
    await nextTick();
    await nextTick();
  });

  it("opens an incident after 3 failed runs of a check, and resolves it after 2 passing runs", async () => {
    const before = await read<UptimeAnswer>("/api/uptime?env=demo");
    expect(before.schedule).toEqual({ everySeconds: 10, openAfter: 3, resolveAfter: 2, retentionDays: 8 });
    expect(before.checks.map((c) => c.check).sort()).toEqual(["api-plans", "app-health", "convex-version", "frontend"]);
    expect(await openFor("frontend")).toBeUndefined();

    await setDemo({ mode: "down" });
    await nextTick();
    await nextTick();
    expect(await openFor("frontend")).toBeUndefined();
    await nextTick();
    const opened = await openFor("frontend");
    expect(opened).toMatchObject({ check: "frontend", failures: 3, resolvedAt: null });
    expect(opened?.lastError).toBeTruthy();

    // One more failure is counted on the open incident; a second tick of the same slot runs nothing.
    await nextTick();
    await fireScheduled(slotTime);
    expect((await openFor("frontend"))?.failures).toBe(4);

    await setDemo({ mode: "healthy" });
    await nextTick();
    expect((await openFor("frontend"))?.id).toBe(opened?.id);
    await nextTick();
    expect(await openFor("frontend")).toBeUndefined();
    const { incidents } = await read<IncidentsAnswer>("/api/incidents?env=demo");
    const resolved = incidents.find((i) => i.id === opened?.id);
    expect(resolved?.resolvedAt).not.toBeNull();
    // Newest first.
    expect(incidents.map((i) => i.id)).toEqual([...incidents.map((i) => i.id)].sort((a, b) => b - a));

    const after = await read<UptimeAnswer>("/api/uptime?env=demo");
    const frontend = after.checks.find((c) => c.check === "frontend");
    expect(frontend?.lastRun?.status).toBe("pass");
    expect(frontend?.lastFailure?.status).toMatch(/fail|error/);
    expect(frontend?.openIncident).toBeNull();
    const tail = frontend?.history.slice(-6).map((h) => h.status === "pass" || h.status === "warn");
    expect(tail).toEqual([false, false, false, false, true, true]);
  });

  it("answers uptime figures that match the stored runs", async () => {
    const { checks } = await read<UptimeAnswer>("/api/uptime?env=demo");
    for (const check of checks) {
      // Every run of this stack is in the strip (it holds the latest 30), so the figures can be redone from it.
      if (check.runs24h > check.history.length) continue;
      const up = check.history.filter((h) => h.status === "pass" || h.status === "warn").length;
      expect(check.runs24h, check.check).toBe(check.history.length);
      expect(check.runs7d).toBe(check.runs24h);
      expect(check.uptime24h).toBeCloseTo(up / check.history.length, 4);
      const latencies = check.history.flatMap((h) => (h.latencyMs === null ? [] : [h.latencyMs])).sort((a, b) => a - b);
      expect(check.p95Ms24h).toBe(latencies[Math.ceil(0.95 * latencies.length) - 1] ?? null);
    }
    expect(checks.some((c) => c.runs24h >= 8)).toBe(true);
  });

  it.each([
    ["/api/uptime", 400, "invalid_parameter", 'query parameter "env"'],
    ["/api/uptime?env=qa", 404, "unknown_environment", 'environment "qa"'],
    ["/api/incidents?env=demo&url=http://x", 400, "invalid_parameter", '"url"'],
  ])("%s answers %i %s", async (path, status, code, words) => {
    const res = await fetch(`${site}${path}`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(status);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(words);
  });

  it("answers a schedule of null for an environment without one", async () => {
    const body = await read<UptimeAnswer>("/api/uptime?env=staging");
    expect(body).toMatchObject({ environment: "staging", schedule: null, checks: [] });
  });
});
