/**
 * The monitor's plain logic: slots of a watch, the verdict sentence, and the memory store a Function
 * without D1 uses (one running watch per environment, one claim per slot, abandoned claims retaken).
 */
import { describe, expect, it } from "vitest";
import {
  type DeploymentRecord,
  emptyVersion,
  monitorForDeployment,
} from "../../src/components/deployment-record/deployment-record.ts";
import { currentSlot, type MonitorSample, type MonitorWatch, slotCount, verdict } from "../../src/core/monitor.ts";
import { recordMarkdown } from "../../src/core/record/markdown.ts";
import { memoryMonitorStore, STALE_CLAIM_MS } from "../../src/server/monitor/index.ts";

const T0 = Date.parse("2026-03-03T14:00:00.000Z");
const watch: MonitorWatch = {
  id: 1,
  environment: "production",
  startedAt: new Date(T0).toISOString(),
  intervalMs: 30_000,
  windowMs: 30 * 60_000,
  startedBy: "local",
  deploymentId: null,
  criteria: { p95Ms: 2000, maxErrorRate: 0.01 },
};
const time = (iso: string) => iso.slice(11, 19);

function sample(slot: number, p95Ms: number, errorRate = 0): MonitorSample {
  const breached = [...(p95Ms >= 2000 ? ["p95"] : []), ...(errorRate >= 0.01 ? ["errorRate"] : [])];
  return {
    slot,
    at: new Date(T0 + slot * 30_000).toISOString(),
    status: breached.length ? "fail" : "pass",
    p95Ms,
    errorRate,
    requests: 8,
    breached,
    checks: [
      { id: "frontend", status: "pass", p95Ms: 40, errors: 0 },
      { id: "api-plans", status: p95Ms >= 2000 ? "warn" : "pass", p95Ms, errors: 0 },
    ],
  };
}

describe("monitor slots and verdict", () => {
  it("numbers the slots of a window and stops at its end", () => {
    expect(slotCount(watch)).toBe(60);
    expect(currentSlot(watch, T0)).toBe(0);
    expect(currentSlot(watch, T0 + 29_999)).toBe(0);
    expect(currentSlot(watch, T0 + 30_000)).toBe(1);
    expect(currentSlot(watch, T0 + 31 * 60_000)).toBe(60);
  });

  it("says nothing while the window runs without a breach, and the window's length at its end", () => {
    const samples = [sample(0, 100), sample(1, 120)];
    expect(verdict(watch, samples, T0 + 60_000, time)).toBeUndefined();
    expect(verdict(watch, samples, T0 + 30 * 60_000, time)).toEqual({
      state: "pass",
      text: "30 minutes within the success criteria (2 of 60 samples taken).",
    });
  });

  it("names the first breach, its time, the criterion and the check, as soon as it happens", () => {
    const samples = [sample(0, 100), sample(3, 2600), sample(2, 2400), sample(1, 90, 0.125)];
    expect(verdict(watch, samples, T0 + 2 * 60_000, time)).toEqual({
      state: "fail",
      text: "First breach at 14:00:30 (sample 2): error rate (error rate 12.5%, limit 1%), check api-plans.",
    });
    expect(verdict(watch, [sample(0, 100), sample(2, 2400)], T0 + 2 * 60_000, time)?.text).toBe(
      "First breach at 14:01:00 (sample 3): response time (p95) (p95 2400 ms, limit 2000 ms), check api-plans.",
    );
  });
});

describe("memory monitor store", () => {
  const input = {
    environment: "demo",
    intervalMs: 1000,
    windowMs: 10_000,
    criteria: watch.criteria,
    startedBy: "local",
  };

  it("keeps one running watch per environment and starts a new one after its window", async () => {
    const store = memoryMonitorStore();
    const a = await store.start({ ...input, now: T0 });
    const b = await store.start({ ...input, now: T0 + 5_000 });
    expect(a.created).toBe(true);
    expect(b).toEqual({ watch: a.watch, created: false });
    const c = await store.start({ ...input, now: T0 + 10_000 });
    expect(c.created).toBe(true);
    expect(await store.find("demo")).toEqual(c.watch);
    expect(await store.find("demo", a.watch.id)).toEqual(a.watch);
    expect(await store.find("staging", a.watch.id)).toBeUndefined();
  });

  it("lets one request claim a slot, retakes an abandoned claim, and keeps the sample", async () => {
    const store = memoryMonitorStore();
    const { watch: w } = await store.start({ ...input, now: T0 });
    expect(await store.claim(w, 0, w.startedAt, T0)).toBe(true);
    expect(await store.claim(w, 0, w.startedAt, T0 + 10)).toBe(false);
    expect(await store.slot(w, 0)).toBe("pending");
    expect(await store.claim(w, 0, w.startedAt, T0 + STALE_CLAIM_MS + 1)).toBe(true);
    const s = { ...sample(0, 50), at: w.startedAt };
    await store.save(w, s);
    expect(await store.slot(w, 0)).toEqual({ sample: s });
    expect(await store.claim(w, 0, w.startedAt, T0 + 2 * STALE_CLAIM_MS)).toBe(false);
    expect(await store.samples(w)).toEqual([s]);
    expect(await store.samples(w, new Date(T0 + 1).toISOString())).toEqual([]);
    await store.end(w, T0 + 500);
    expect((await store.start({ ...input, now: T0 + 600 })).created).toBe(true);
  });
});

describe("the deployment record's monitor line", () => {
  const base: DeploymentRecord = {
    environment: "production",
    deployment: { name: "d", key: "k", startedAt: new Date(T0 - 60_000).toISOString() },
    time: new Date(T0).toISOString(),
    deployedBy: "alice",
    rollbackOwner: "",
    version: emptyVersion(),
    checks: [],
    checklists: [],
    rolledBack: "",
    notes: "",
    exportedAt: new Date(T0 + 31 * 60_000).toISOString(),
  };

  it("takes this browser's series only for a watch of the environment since the deployment started", () => {
    const kept = JSON.stringify({ watch, samples: [sample(0, 100)] });
    expect(monitorForDeployment(kept, "production", base.deployment.startedAt)?.watch.id).toBe(1);
    expect(monitorForDeployment(kept, "staging", base.deployment.startedAt)).toBeUndefined();
    expect(monitorForDeployment(kept, "production", new Date(T0 + 1).toISOString())).toBeUndefined();
    expect(monitorForDeployment("not json", "production", base.deployment.startedAt)).toBeUndefined();
    expect(monitorForDeployment(null, "production", base.deployment.startedAt)).toBeUndefined();
  });

  it("writes the verdict, or the first breach, and nothing without a watch", () => {
    expect(recordMarkdown(base)).not.toContain("- Monitor:");
    const utc = (iso: string) => `${iso.slice(11, 19)} UTC`;
    const end = T0 + 30 * 60_000;
    const passedSamples = [sample(0, 100), sample(1, 90)];
    const passedVerdict = verdict(watch, passedSamples, end, utc);
    const passed = recordMarkdown({
      ...base,
      monitor: { watch, samples: passedSamples, ...(passedVerdict && { verdict: passedVerdict }) },
    });
    expect(passed).toContain(
      "- Monitor: 30 minutes within the success criteria (2 of 60 samples taken). (watch 1, started 2026-03-03 14:00 UTC)",
    );
    const breachedSamples = [sample(0, 100), sample(1, 2500)];
    const breachedVerdict = verdict(watch, breachedSamples, T0 + 60_000, utc);
    const breached = recordMarkdown({
      ...base,
      monitor: { watch, samples: breachedSamples, ...(breachedVerdict && { verdict: breachedVerdict }) },
    });
    expect(breached).toContain("- Monitor: First breach at 14:00:30 UTC (sample 2): response time (p95)");
    const running = recordMarkdown({ ...base, monitor: { watch, samples: passedSamples } });
    expect(running).toContain("- Monitor: 2 of 60 samples within the success criteria, as last seen here.");
  });
});
