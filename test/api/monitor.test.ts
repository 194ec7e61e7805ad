/**
 * The step-6 monitor through the real Function in workerd, with its D1 history (and the watch Worker
 * beside it, which samples too: test/api/watch-worker.test.ts): starting and joining a
 * watch, one sampling per interval slot however many ask at once (counted at the demo), the series by
 * `since` and by watch, the end of the window, and the deployment record that lists the watch.
 * Bad input has its rows in bad-input.test.ts; a few are repeated here with their messages.
 *
 * Watches are short (demo-only `interval` and `window`), and each test waits for its watch to end, so
 * the next test (and the next file) starts a watch of its own rather than joining this one.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { startStackWithToml, withoutDatabase } from "../../scripts/lib/toml-stack.ts";
import type { MonitorSample, MonitorWatch } from "../../src/core/monitor.ts";
import { demoCounts, resetDemo } from "../support/demo.ts";

const site = inject("siteUrl");

interface Series {
  environment: string;
  store: string;
  watch: MonitorWatch | null;
  samples: MonitorSample[];
}
interface Sampled {
  watch: MonitorWatch;
  slot: number;
  sample: MonitorSample | null;
  sampled?: boolean;
  done: boolean;
}

async function call<T>(path: string, method = "GET") {
  const res = await fetch(`${site}${path}`, { method });
  return { res, body: (await res.json()) as T & { error?: { code: string; message: string } } };
}

let started: MonitorWatch | undefined;

async function startWatch(query = "interval=2&window=6"): Promise<MonitorWatch> {
  const { res, body } = await call<Series>(`/api/monitor?env=demo&${query}`, "POST");
  expect(res.status, JSON.stringify(body)).toBe(201);
  started = body.watch ?? undefined;
  if (!started) throw new Error("no watch in the answer");
  return started;
}

const requestsAtDemo = async () => Object.values(await demoCounts()).reduce((a, b) => a + b, 0);

describe("GET/POST /api/monitor", () => {
  beforeEach(() => resetDemo());
  afterEach(async () => {
    // Let the watch end, so the next start is a watch of its own.
    if (started) {
      const left = Date.parse(started.startedAt) + started.windowMs - Date.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 50));
    }
    started = undefined;
  });

  it("starts a watch in D1, and a second start joins it", async () => {
    const before = new Date().toISOString();
    const watch = await startWatch();
    expect(watch).toMatchObject({ environment: "demo", intervalMs: 2000, windowMs: 6000, startedBy: "local" });
    expect(watch.criteria).toEqual({ p95Ms: 2000, maxErrorRate: 0.01 });
    // The audit row is written after the answer; the log lists rows as written, so the first start's
    // row lands before the second start is sent.
    const audited = async () =>
      (
        await call<{ entries: { environment: string }[] }>(
          `/api/audit?kind=monitor&since=${encodeURIComponent(before)}`,
        )
      ).body.entries.filter((e) => e.environment === "demo").length;
    await expect.poll(audited).toBe(1);
    const again = await call<Series>("/api/monitor?env=demo&interval=2&window=6", "POST");
    expect(again.res.status).toBe(200);
    expect(again.body.watch?.id).toBe(watch.id);
    expect(again.body.store).toBe("d1");
    // Both starts are in the audit log, as kind "monitor".
    const audit = await call<{ entries: { kind: string; environment: string; httpStatus: number }[] }>(
      `/api/audit?kind=monitor&since=${encodeURIComponent(before)}`,
    );
    expect(audit.body.entries.filter((e) => e.environment === "demo").map((e) => e.httpStatus)).toEqual([200, 201]);
  });

  it("a demo start with other settings replaces the running watch; the replaced one answers done", async () => {
    const first = await startWatch("interval=2&window=20");
    const second = await startWatch("interval=2&window=6");
    expect(second.id).not.toBe(first.id);
    // (No count at the demo here: the Worker is sampling the second watch meanwhile.)
    const { body } = await call<Sampled>(`/api/monitor/sample?env=demo&watch=${first.id}`, "POST");
    expect(body.done).toBe(true);
  });

  it("restart=true ends the running watch and starts a new one; stop ends a watch now", async () => {
    const first = await startWatch("interval=2&window=20");
    const second = await startWatch("interval=2&window=20&restart=true");
    expect(second.id).not.toBe(first.id);
    const replaced = await call<Series>(`/api/monitor?env=demo&watch=${first.id}`);
    expect(replaced.body.watch?.windowMs).toBeLessThan(20_000);
    const stopped = await call<Series>(`/api/monitor/stop?env=demo&watch=${second.id}`, "POST");
    expect(stopped.res.status).toBe(200);
    expect(stopped.body.watch?.windowMs).toBeLessThan(20_000);
    started = stopped.body.watch ?? undefined;
    // Stopped: the next start is a new watch, not a join.
    const third = await startWatch("interval=2&window=4");
    expect(third.id).toBeGreaterThan(second.id);
  });

  it("samples a slot once however many ask at once, and the demo sees one sampling", async () => {
    const watch = await startWatch("interval=5&window=10");
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call<Sampled>(`/api/monitor/sample?env=demo&watch=${watch.id}`, "POST")),
    );
    for (const { res } of answers) expect(res.status).toBe(200);
    const samples = answers.map((a) => a.body.sample);
    expect(samples.every((s) => s !== null)).toBe(true);
    expect(new Set(answers.map((a) => a.body.slot))).toEqual(new Set([0]));
    // The watch Worker's clock may have taken it before any page asked: one sampling either way.
    expect(answers.filter((a) => a.body.sampled).length).toBeLessThanOrEqual(1);
    const sample = samples[0] as MonitorSample;
    // Four smoke checks, two requests each (monitor.samples): one sampling, eight requests.
    expect(sample.requests).toBe(8);
    expect(await requestsAtDemo()).toBe(8);
    expect(sample.status).toBe("pass");
    expect(sample.breached).toEqual([]);
    expect(sample.checks.map((c) => c.id).sort()).toEqual(["api-plans", "app-health", "convex-version", "frontend"]);

    // Asked again in the same slot: the stored sample, no new requests.
    const later = await call<Sampled>(`/api/monitor/sample?env=demo&watch=${watch.id}`, "POST");
    expect(later.body.sample).toEqual(sample);
    expect(await requestsAtDemo()).toBe(8);

    const series = await call<Series>(`/api/monitor?env=demo&watch=${watch.id}`);
    expect(series.body.samples).toEqual([sample]);
    const latest = await call<Series>("/api/monitor?env=demo");
    expect(latest.body.watch?.id).toBe(watch.id);
    const since = await call<Series>(
      `/api/monitor?env=demo&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(since.body.samples).toEqual([]);
  });

  it("records a breach when the demo is slow, naming the criterion", async () => {
    const res = await fetch(`${site}/api/demo/state`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "slow", slowMs: 2200 }),
    });
    expect(res.status).toBe(200);
    const watch = await startWatch("interval=8&window=8");
    const { body } = await call<Sampled>(`/api/monitor/sample?env=demo&watch=${watch.id}`, "POST");
    expect(body.sample?.status).toBe("fail");
    expect(body.sample?.breached).toContain("p95");
    expect(body.sample?.p95Ms).toBeGreaterThanOrEqual(2000);
  });

  it("answers done once the window is over, without sampling", async () => {
    const watch = await startWatch("interval=1&window=2");
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const before = await requestsAtDemo();
    const { body } = await call<Sampled>(`/api/monitor/sample?env=demo&watch=${watch.id}`, "POST");
    expect(body).toMatchObject({ done: true, sample: null });
    expect(await requestsAtDemo()).toBe(before);
  });

  it("lists the watch in the record of the deployment in progress", async () => {
    const start = await fetch(`${site}/api/deployments?env=demo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetCommit: "abcdef1234567", idempotencyKey: crypto.randomUUID() }),
    });
    const started201 = (await start.json()) as { deployment?: { id: number }; error?: { code: string } };
    // The demo's seeded history may already have one in progress: the watch attaches to that one.
    const current = (await call<{ current: number | null }>("/api/deployments?env=demo")).body.current;
    expect(current).not.toBeNull();
    const watch = await startWatch("interval=2&window=4");
    expect(watch.deploymentId).toBe(current);
    await call<Sampled>(`/api/monitor/sample?env=demo&watch=${watch.id}`, "POST");
    const detail = await call<{ monitors: { watch: MonitorWatch; samples: MonitorSample[] }[] }>(
      `/api/deployments/${current}`,
    );
    const listed = detail.body.monitors.find((m) => m.watch.id === watch.id);
    expect(listed?.samples.length).toBeGreaterThanOrEqual(1);
    if (started201.deployment)
      await fetch(`${site}/api/deployments/${started201.deployment.id}/status`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: "abandoned" }),
      });
  });

  it.each([
    ["/api/monitor?env=qa", "GET", 404, "unknown_environment", 'environment "qa" is not configured'],
    ["/api/monitor?env=demo&since=yesterday", "GET", 400, "invalid_parameter", 'query parameter "since"'],
    ["/api/monitor?env=demo&watch=0", "GET", 400, "invalid_parameter", 'query parameter "watch"'],
    ["/api/monitor?env=demo&watch=987654", "GET", 404, "unknown_watch", "watch 987654"],
    ["/api/monitor/sample?env=demo&watch=987654", "POST", 404, "unknown_watch", "watch 987654"],
    ["/api/monitor/sample?env=demo", "POST", 400, "invalid_parameter", 'query parameter "watch"'],
    ["/api/monitor?env=staging&window=60", "POST", 400, "invalid_parameter", "demo environments only"],
    ["/api/monitor?env=demo&interval=10&window=5", "POST", 400, "invalid_parameter", '"window"'],
    ["/api/monitor?env=demo&restart=yes", "POST", 400, "invalid_parameter", 'query parameter "restart"'],
    ["/api/monitor/stop?env=demo", "POST", 400, "invalid_parameter", 'query parameter "watch"'],
    ["/api/monitor/stop?env=demo&watch=987654", "POST", 404, "unknown_watch", "watch 987654"],
  ])("%s (%s) answers %i %s", async (path, method, status, code, words) => {
    const { res, body } = await call(path, method);
    expect(res.status).toBe(status);
    expect(body.error?.code).toBe(code);
    expect(body.error?.message).toContain(words);
    expect(await requestsAtDemo()).toBe(0);
  });
});

describe("without a database", () => {
  it("keeps watches in the isolate's memory, still one sampling per slot", async () => {
    const bare = await startStackWithToml(withoutDatabase, { database: false });
    try {
      const started = await fetch(`${bare.url}/api/monitor?env=demo&interval=5&window=5`, { method: "POST" });
      expect(started.status).toBe(201);
      const { watch, store } = (await started.json()) as Series;
      expect(store).toBe("memory");
      const answers = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const res = await fetch(`${bare.url}/api/monitor/sample?env=demo&watch=${watch?.id}`, { method: "POST" });
          return (await res.json()) as Sampled;
        }),
      );
      expect(answers.filter((a) => a.sampled)).toHaveLength(1);
      expect(Object.values(bare.demo?.state.counts ?? {}).reduce((a, b) => a + b, 0)).toBe(8);
      const series = (await (await fetch(`${bare.url}/api/monitor?env=demo`)).json()) as Series;
      expect(series).toMatchObject({ store: "memory", watch: { id: watch?.id } });
      expect(series.samples).toHaveLength(1);
    } finally {
      await bare.stop();
    }
  }, 60_000);
});
