/**
 * The widget bodies the Function draws, through the real Function in workerd. `POST /api/monitor/view`:
 * a series the monitor widget holds, drawn as its body (chart, verdict, gaps, table) in the reader's
 * language and time zone, with the status line and outcome the widget shows; text from the series
 * stays text; a bad body is refused naming the field (it reads no store, so the series here is made
 * up rather than sampled). `GET /api/uptime/view`: the Status widget's body with its verdict.
 */
import { describe, expect, inject, it } from "vitest";
import type { MonitorSample, MonitorView, MonitorWatch } from "../../src/core/monitor.ts";

const site = inject("siteUrl");

const watch: MonitorWatch = {
  id: 7,
  environment: "demo",
  startedAt: "2026-03-01T14:00:00.000Z",
  intervalMs: 30_000,
  windowMs: 120_000,
  startedBy: '<img src=x onerror="alert(1)">',
  deploymentId: null,
  criteria: { p95Ms: 800, maxErrorRate: 0.01 },
};

const sample = (slot: number, p95Ms: number): MonitorSample => ({
  slot,
  at: new Date(Date.parse(watch.startedAt) + slot * watch.intervalMs).toISOString(),
  status: p95Ms > 800 ? "fail" : "pass",
  p95Ms,
  errorRate: 0,
  requests: 8,
  breached: p95Ms > 800 ? ["p95"] : [],
  checks: [{ id: "app-health", status: p95Ms > 800 ? "fail" : "pass", p95Ms, errors: 0 }],
});

const view = (body: unknown, init: RequestInit = {}) =>
  fetch(`${site}/api/monitor/view`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });

describe("POST /api/monitor/view", () => {
  it("draws a watch stopped the moment it started (its window cut to 40 ms), as the API answers it", async () => {
    const start = await fetch(`${site}/api/monitor?env=demo&interval=2&window=60&restart=true`, { method: "POST" });
    expect(start.status).toBe(201);
    const { watch: started } = (await start.json()) as { watch: MonitorWatch };
    const stop = await fetch(`${site}/api/monitor/stop?env=demo&watch=${started.id}`, { method: "POST" });
    const { watch: stopped, samples } = (await stop.json()) as { watch: MonitorWatch; samples: MonitorSample[] };
    expect(stopped.windowMs).toBeLessThan(60_000);
    // As short as the stop came: made 40 ms here so the test does not depend on how fast the stop was.
    const res = await view({ watch: { ...stopped, windowMs: 40 }, samples });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as MonitorView).watch).toBe(started.id);
  });

  it("draws a finished, breached watch in the reader's time, its text kept as text", async () => {
    // Slot 2 was never sampled: a gap, with the Worker's reason.
    const body = {
      watch,
      samples: [sample(1, 1900), sample(0, 120), sample(3, 130)],
      gaps: [{ slot: 2, reason: "the target <b>timed out</b>" }],
      locale: "en-GB",
      timeZone: "Asia/Kolkata",
    };
    const res = await view(body);
    expect(res.status).toBe(200);
    const drawn = (await res.json()) as MonitorView;
    expect(drawn).toMatchObject({
      environment: "demo",
      watch: 7,
      outcome: "fail",
      breached: true,
      samples: 3,
      recommendation: "recovered",
      status: { state: "fail", text: "Watch over · breached" },
    });
    // 14:00:30 UTC is 19:30:30 in Kolkata, in en-GB's 24-hour clock.
    expect(drawn.html).toContain("First breach at 19:30:30 (sample 2)");
    expect(drawn.verdictUtc?.text).toContain("First breach at 14:00:30 UTC (sample 2)");
    expect(drawn.html).toContain('data-breach-slot="1"');
    expect(drawn.html).toContain(
      '<li data-gap="2">Interval 3 (19:31:00): no sample, the target &lt;b&gt;timed out&lt;/b&gt;</li>',
    );
    expect(drawn.html).toContain("by &lt;img src=x onerror=&quot;alert(1)&quot;&gt;:");
    expect(drawn.html).not.toContain("<img");
    expect(drawn.html.match(/<tr data-status=/g)).toHaveLength(3);
  });

  it("says a running watch is within the criteria so far, in UTC and en-US when the reader says nothing", async () => {
    const running = { ...watch, startedAt: new Date(Date.now() - 40_000).toISOString() };
    const res = await view({ watch: running, samples: [{ ...sample(0, 120), at: running.startedAt }] });
    expect(res.status).toBe(200);
    const drawn = (await res.json()) as MonitorView;
    expect(drawn).toMatchObject({ outcome: "watching", breached: false, verdictUtc: null });
    expect(drawn.status.text).toBe("Watching demo · sample 1 of 4 · within the criteria so far");
    expect(drawn.html).toMatch(/started \d{1,2}:\d{2}:\d{2} [AP]M by/);
  });

  it("refuses a bad body naming what was wrong", async () => {
    const cases: [unknown, string][] = [
      [{ watch, samples: [], timeZone: "Mars/Olympus" }, "timeZone"],
      [{ watch, samples: [], locale: "not a tag!" }, "locale"],
      [{ watch: { ...watch, environment: "../etc" }, samples: [] }, "watch.environment"],
      [{ watch, samples: [{ ...sample(0, 100), status: "great" }] }, "samples.0.status"],
      [{ samples: [] }, "watch"],
    ];
    for (const [body, field] of cases) {
      const res = await view(body);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe("invalid_request");
      expect(answer.error.message).toContain(field);
    }
    const text = await fetch(`${site}/api/monitor/view`, { method: "POST", body: "{}" });
    expect(text.status).toBe(415);
  });
});

describe("GET /api/uptime/view", () => {
  it("draws each scheduled check with its verdict, and refuses a time zone it does not know", async () => {
    const res = await fetch(`${site}/api/uptime/view?env=demo&locale=en-GB&timeZone=Europe%2FParis`);
    expect(res.status).toBe(200);
    const drawn = (await res.json()) as { environment: string; verdict: { state: string }; html: string };
    expect(drawn.environment).toBe("demo");
    expect(["idle", "pass", "warn", "fail"]).toContain(drawn.verdict.state);
    expect(drawn.html).toContain('<ul class="rw-status-checks">');
    expect(drawn.html).toContain('<li data-check="frontend"');
    const bad = await fetch(`${site}/api/uptime/view?env=demo&timeZone=Mars%2FOlympus`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("timeZone");
    const unknown = await fetch(`${site}/api/uptime/view?env=demo&zone=UTC`);
    expect(unknown.status).toBe(400);
  });
});
