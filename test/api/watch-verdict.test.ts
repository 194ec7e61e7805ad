/**
 * The watch's verdict through the real watch Worker and Function on one D1: the demo serving a broken
 * deploy breaches the Success Criteria; after `failureLimit` (3) breaching samples in a row the watch
 * records "roll back recommended" with its reason, on the watch and in the record of the deployment in
 * progress; the demo's `autoRollback` (on, as practice) then rolls the demo's Pages back to the last
 * good deployment once, as `service:runbook-watch`, audited and verified, and the samples recover.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import type { MonitorSample, MonitorWatch } from "../../src/core/monitor.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");

interface Series {
  watch: MonitorWatch | null;
  samples: MonitorSample[];
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${site}${path}`, init);
  return (await res.json()) as T;
}

const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

describe("the watch's verdict and automatic rollback", () => {
  afterAll(async () => {
    await resetDemo();
    // A latest demo watch without a verdict, so later files' Rollback pages are not pre-filled by this one.
    const { watch } = await json<Series>("/api/monitor?env=demo&interval=2&window=2", { method: "POST" });
    if (watch) await json(`/api/monitor/stop?env=demo&watch=${watch.id}`, { method: "POST" });
    // The deployment this file started, closed: later files start deployments of their own (one at a time).
    const { current } = await json<{ current: number | null }>("/api/deployments?env=demo");
    if (current !== null)
      await json(`/api/deployments/${current}/status`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: "abandoned" }),
      });
  });

  it("recommends a rollback after 3 breaching samples in a row, rolls the demo back once as the watch, and recovers", {
    timeout: 60_000,
  }, async () => {
    await resetDemo();
    // A deployment in progress, so the watch lands in its record (the seeded history may have one already).
    await json("/api/deployments?env=demo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetCommit: "badc0ffee1234", idempotencyKey: crypto.randomUUID() }),
    });
    const current = (await json<{ current: number | null }>("/api/deployments?env=demo")).current;
    expect(current).not.toBeNull();
    const since = new Date().toISOString();
    await setDemo({ newestDeploy: "broken" });
    const started = await json<Series>("/api/monitor?env=demo&interval=2&window=16", { method: "POST" });
    const id = started.watch?.id;
    expect(started.watch?.deploymentId).toBe(current);

    const watched = () => json<Series>(`/api/monitor?env=demo&watch=${id}`);
    await expect
      .poll(async () => (await watched()).watch?.autoRollback ?? null, { timeout: 30_000, interval: 250 })
      .not.toBeNull();
    const { watch, samples } = await watched();
    expect(watch?.verdict?.state).toBe("rollback-recommended");
    expect(watch?.verdict?.reason).toContain(`Post-deploy watch ${id} of demo: 3 samples in a row breached`);
    // The verdict came at the third breaching sample in a row, and no earlier.
    const ordered = [...samples].sort((a, b) => a.slot - b.slot);
    const third = ordered.findIndex(
      (_, i) => i >= 2 && ordered.slice(i - 2, i + 1).every((x) => x.breached.length > 0),
    );
    expect(watch?.verdict?.at).toBe(ordered[third]?.at);
    expect(watch?.autoRollback).toMatch(/^Automatic rollback by service:runbook-watch: /);

    // The demo's Pages now serves the last good deployment, and the samples after it recover.
    const demo = (await (await fetch(`${inject("demoUrl")}/__demo/state`)).json()) as { pagesScenario: string };
    expect(demo.pagesScenario).toBe("rolled-back");
    await until(Date.parse(watch?.startedAt ?? "") + (watch?.windowMs ?? 0) + 1500);
    const after = await watched();
    const last = [...after.samples].sort((a, b) => b.slot - a.slot)[0];
    expect(last?.breached).toEqual([]);
    // Still the one verdict and the one rollback.
    expect(after.watch?.verdict).toEqual(watch?.verdict);

    const audit = await json<{ entries: { actor: string; kind: string; outcome: string }[] }>(
      `/api/audit?env=demo&kind=rollback-action&since=${encodeURIComponent(since)}`,
    );
    const byWatch = audit.entries.filter((e) => e.actor === "service:runbook-watch");
    expect(byWatch.length).toBeGreaterThanOrEqual(1);
    expect(new Set(byWatch.map((e) => e.actor))).toEqual(new Set(["service:runbook-watch"]));

    const record = await json<{ monitors: { watch: MonitorWatch }[] }>(`/api/deployments/${current}`);
    expect(record.monitors.find((m) => m.watch.id === id)?.watch.verdict?.state).toBe("rollback-recommended");
  });
});
