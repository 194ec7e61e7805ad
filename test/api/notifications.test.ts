/**
 * Notifications through the real Function in workerd, with its D1 outbox and the demo's sinks: the
 * widget's report, a test message per channel (each answered in its provider's protocol), a channel that
 * refuses named with its answer, and planned deployments checked against the window and announced.
 */
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { NotificationsReport, TestMessageResult } from "../../src/core/notify/report.ts";
import { DEMO_NOTIFY_WEBHOOK_SECRET, type Received } from "../../src/demo/notification-sinks.ts";
import { fireScheduled } from "../support/watch.ts";

const site = inject("siteUrl");
const demo = inject("demoUrl");

async function call<T>(path: string, init: RequestInit = {}) {
  const res = await fetch(`${site}${path}`, init);
  return { res, body: (await res.json()) as T & { error?: { code: string; message: string } } };
}

async function sinks(change: Record<string, unknown>): Promise<Received[]> {
  const res = await fetch(`${demo}/__demo/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  });
  return ((await res.json()) as { received: Received[] }).received;
}

const testMessage = (channel: string) =>
  call<TestMessageResult>(`/api/notifications/test?env=demo&channel=${channel}`, { method: "POST" });

beforeEach(async () => {
  await sinks({ clear: true });
});

describe("GET /api/notifications", () => {
  it("lists the demo's three channels, ready, with the events routed to them", async () => {
    const { res, body } = await call<NotificationsReport>("/api/notifications?env=demo");
    expect(res.status).toBe(200);
    expect(body.channels.map((c) => [c.id, c.kind, c.problem, c.events])).toEqual([
      ["demo-slack", "slack", null, ["*"]],
      ["demo-webhook", "webhook", null, ["*"]],
      ["demo-pagerduty", "pagerduty", null, ["*"]],
    ]);
  });

  it("names a channel whose binding is not set, without any value (staging has no Slack URL here)", async () => {
    const { body } = await call<NotificationsReport>("/api/notifications?env=staging");
    expect(body.channels).toEqual([
      expect.objectContaining({ id: "team-slack", problem: "the binding SLACK_WEBHOOK_URL is not set" }),
    ]);
  });
});

describe("POST /api/notifications/test", () => {
  it("delivers a test message to each channel in its protocol, and lists it", async () => {
    for (const channel of ["demo-slack", "demo-webhook", "demo-pagerduty"]) {
      const { res, body } = await testMessage(channel);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.delivery).toMatchObject({ channel, state: "delivered", attempts: 1, type: "test" });
    }
    const received = await sinks({});
    expect(received.map((r) => [r.sink, r.status])).toEqual([
      ["pagerduty", 202],
      ["webhook", 200],
      ["slack", 200],
    ]);
    const hook = received.find((r) => r.sink === "webhook");
    expect(() =>
      new Webhook(DEMO_NOTIFY_WEBHOOK_SECRET).verify(JSON.stringify(hook?.body), hook?.headers ?? {}),
    ).not.toThrow();
    const { body } = await call<NotificationsReport>("/api/notifications?env=demo");
    expect(body.deliveries.slice(0, 3).every((d) => d.type === "test" && d.state === "delivered")).toBe(true);
  });

  it("keeps a refused message as undelivered with Slack's answer, and says so", async () => {
    await sinks({ slack: "channel_not_found" });
    const { body } = await testMessage("demo-slack");
    expect(body.delivery).toMatchObject({
      state: "undelivered",
      lastStatus: 404,
      lastAnswer: "HTTP 404 channel_not_found",
    });
    const report = await call<NotificationsReport>("/api/notifications?env=demo");
    expect(report.body.channels.find((c) => c.id === "demo-slack")?.undelivered).toBeGreaterThan(0);
    await sinks({ slack: "ok" });
  });

  it("leaves a rate-limited message waiting for its Retry-After", async () => {
    await sinks({ pagerduty: "rate_limited" });
    const { body } = await testMessage("demo-pagerduty");
    expect(body.delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: 429 });
    expect(Date.parse(body.delivery.nextAt) - Date.now()).toBeLessThanOrEqual(1_000);
    await sinks({ pagerduty: "ok" });
  });

  it.each([
    ["?env=demo&channel=team-slack", 404, "unknown_channel"],
    ["?env=demo&channel=Bad!", 400, "invalid_parameter"],
    ["?env=demo", 400, "invalid_parameter"],
    ["?env=demo&channel=demo-slack&url=http://evil.example", 400, "invalid_parameter"],
    ["?env=nowhere&channel=demo-slack", 404, "unknown_environment"],
  ])("refuses %s with %i %s and sends nothing", async (query, status, code) => {
    const { res, body } = await call(`/api/notifications/test${query}`, { method: "POST" });
    expect([res.status, body.error?.code]).toEqual([status, code]);
    expect(await sinks({})).toEqual([]);
  });

  it("refuses a body", async () => {
    const { res } = await call("/api/notifications/test?env=demo&channel=demo-slack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"url":"https://evil.example"}',
    });
    expect(res.status).toBe(400);
  });
});

describe("events from what the runbook records", () => {
  it("a deployment started and finished on the demo reaches each sink once, in the same batch as its record", async () => {
    const start = await call<{ deployment: { id: number } }>("/api/deployments?env=demo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetCommit: "0123456789abcdef0123456789abcdef01234567" }),
    });
    if (start.res.status === 409) throw new Error(`a demo deployment is in progress: ${JSON.stringify(start.body)}`);
    expect(start.res.status, JSON.stringify(start.body)).toBe(201);
    const id = start.body.deployment.id;
    const finish = await call(`/api/deployments/${id}/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "abandoned" }),
    });
    expect(finish.res.status).toBe(200);
    await expect
      .poll(async () =>
        (await sinks({}))
          .filter((r) => r.sink === "webhook")
          .map((r) => (r.body as { type: string }).type)
          .sort(),
      )
      .toEqual(["deployment.abandoned", "deployment.started"]);
    const received = await sinks({});
    expect(received).toHaveLength(6);
    const hooks = received
      .filter((r) => r.sink === "webhook")
      .map((r) => r.body as { type: string; facts: { deploymentId?: number } });
    expect(hooks.map((h) => [h.type, h.facts.deploymentId]).sort()).toEqual([
      ["deployment.abandoned", id],
      ["deployment.started", id],
    ]);
  });
});

describe("the watch Worker delivers what the fast path could not", () => {
  const json = { "content-type": "application/json" };
  const deployment = async () => {
    const start = await call<{ deployment: { id: number } }>("/api/deployments?env=demo", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ targetCommit: "89abcdef0123456789abcdef0123456789abcdef" }),
    });
    expect(start.res.status, JSON.stringify(start.body)).toBe(201);
    const done = await call(`/api/deployments/${start.body.deployment.id}/status`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ status: "abandoned" }),
    });
    expect(done.res.status).toBe(200);
  };

  it("a channel down while three events are recorded gets each exactly once when it is back", async () => {
    await sinks({ webhook: "down" });
    const since = new Date().toISOString();
    await deployment();
    await verifyAll();
    // This test's three events only: watches other files left running record monitor events meanwhile.
    const ours = new Set(["deployment.started", "deployment.abandoned", "verify.passed", "verify.failed"]);
    const ids = async () =>
      (await call<NotificationsReport>("/api/notifications?env=demo")).body.deliveries.filter(
        (d) => d.channel === "demo-webhook" && ours.has(d.type) && d.occurredAt >= since,
      );
    // The fast path tried and the receiver was down: all three wait for a retry.
    await expect
      .poll(async () => (await ids()).map((d) => [d.state, d.attempts]))
      .toEqual([
        ["pending", 1],
        ["pending", 1],
        ["pending", 1],
      ]);
    await sinks({ webhook: "ok" });
    const waiting = (await ids()).map((d) => d.eventId).sort();
    // Only these three: other files' events (a watch's breach) may be delivered by the same runs.
    const arrivedOurs = async () =>
      (await sinks({})).filter(
        (r) => r.sink === "webhook" && r.status === 200 && waiting.includes(r.headers["webhook-id"] ?? ""),
      );
    await expect
      .poll(
        async () => {
          await fireScheduled();
          return (await arrivedOurs()).length;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(3);
    await fireScheduled();
    const arrived = await arrivedOurs();
    expect(arrived.map((r) => r.headers["webhook-id"]).sort()).toEqual(waiting);
    expect(arrived.some((r) => r.duplicate)).toBe(false);
    expect((await ids()).every((d) => d.state === "delivered")).toBe(true);
  });
});

async function verifyAll() {
  const res = await fetch(`${site}/api/verify?env=demo`, { method: "POST" });
  expect(res.status).toBe(200);
  await res.text();
}

describe("verify all", () => {
  it("a whole run tells the team how it ended", async () => {
    const res = await fetch(`${site}/api/verify?env=demo`, { method: "POST" });
    expect(res.status).toBe(200);
    await res.text();
    await expect
      .poll(async () =>
        (await sinks({})).filter((r) => r.sink === "webhook").map((r) => (r.body as { type: string }).type),
      )
      .toEqual([expect.stringMatching(/^verify\.(passed|failed)$/)]);
  });
});

describe("the page's Verify all (one request per check, all with the press's id)", () => {
  const smokeIds = async () =>
    (await call<{ checks: { id: string; smoke: boolean }[] }>("/api/checks?env=demo")).body.checks
      .filter((c) => c.smoke)
      .map((c) => c.id);
  const send = async (id: string, press: string) => {
    const res = await fetch(`${site}/api/verify/checks/${id}?env=demo&press=${press}`, { method: "POST" });
    expect(res.status, await res.text()).toBe(200);
  };
  const told = async (press: string) =>
    (await sinks({}))
      .filter((r) => r.sink === "webhook" && r.headers["webhook-id"] === `evt_press-${press}`)
      .map((r) => (r.body as { type: string; actor: string }).type);

  it("is judged by the Function when its last check is in, and told once", async () => {
    const ids = await smokeIds();
    expect(ids.length).toBeGreaterThan(1);
    const [last, ...first] = ids as [string, ...string[]];
    const held = crypto.randomUUID();
    await Promise.all(first.map((id) => send(id, held)));
    // A whole press sent after the held one's answers: once it is told, those answers are kept too.
    const whole = crypto.randomUUID();
    await Promise.all(ids.map((id) => send(id, whole)));
    await expect.poll(() => told(whole)).toEqual([expect.stringMatching(/^verify\.(passed|failed)$/)]);
    expect(await told(held)).toEqual([]);

    await send(last, held);
    await expect.poll(() => told(held)).toEqual([expect.stringMatching(/^verify\.(passed|failed)$/)]);
    // The last check again (a retry): the press is whole again, but its verdict is recorded and sent once.
    await send(last, held);
    await fireScheduled();
    expect(await told(held)).toHaveLength(1);
  });

  it("refuses a press id that is not a UUID, naming it", async () => {
    const [id] = await smokeIds();
    const { res, body } = await call(`/api/verify/checks/${id}?env=demo&press=not-a-uuid`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(body.error?.code).toBe("invalid_parameter");
    expect(body.error?.message).toMatch(/press/);
  });
});

describe("a watch stopped before its window ends", () => {
  it("tells the team who stopped it and how far it got, once", async () => {
    const start = await call<{ watch: { id: number } }>("/api/monitor?env=demo&interval=2&window=60&restart=true", {
      method: "POST",
    });
    expect(start.res.status, JSON.stringify(start.body)).toBe(201);
    const { id } = start.body.watch;
    const stop = () => call(`/api/monitor/stop?env=demo&watch=${id}`, { method: "POST" });
    expect((await stop()).res.status).toBe(200);
    const verdicts = async () =>
      (await sinks({}))
        .filter((r) => r.sink === "webhook" && r.headers["webhook-id"] === `evt_monitor_${id}_verdict`)
        .map((r) => r.body as { type: string; actor: string; facts: { outcome: string }; summary: string });
    await expect.poll(async () => (await verdicts()).length).toBe(1);
    const [told] = await verdicts();
    expect(told).toMatchObject({ type: "monitor.verdict", actor: "local" });
    expect(told?.facts.outcome).toMatch(/^stopped(-breached)?$/);
    expect(told?.summary).toMatch(/^Stopped by local 0 of 1 minutes in, before its verdict/);
    // Stopping an ended watch again changes nothing and tells nobody.
    expect((await stop()).res.status).toBe(200);
    await fireScheduled();
    expect(await verdicts()).toHaveLength(1);
  });
});

describe("planned deployments", () => {
  const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const plan = (body: unknown) =>
    call<{ plan: { id: number; window: string; announcedAt: string | null } }>("/api/deployments/planned?env=demo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("plans one within announceHours and announces it at once, with the window's verdict", async () => {
    const { res, body } = await plan({ plannedFor: inHours(3), what: "Billing page redesign", outsideWindow: true });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.plan.window).toMatch(/^(best|ok|avoid)/);
    expect(body.plan.announcedAt).not.toBeNull();
    await expect
      .poll(
        async () => (await sinks({})).filter((r) => JSON.stringify(r.body).includes("Billing page redesign")).length,
      )
      .toBe(3);
  });

  it("refuses a time the window says to avoid unless told, naming why", async () => {
    // Late night in the team's zone is avoided on every day.
    const { body: first } = await plan({ plannedFor: inHours(2), what: "x", outsideWindow: true });
    expect(first.plan).toBeDefined();
    const late = lateNightAhead();
    const { res, body } = await plan({ plannedFor: late, what: "Risky one" });
    expect(res.status).toBe(422);
    expect(body.error?.code).toBe("outside_deployment_window");
    expect(body.error?.message).toContain("late night");
  });

  it.each([
    [{ plannedFor: "tomorrow", what: "x" }, 400],
    [{ plannedFor: "2020-01-01T00:00:00Z", what: "x" }, 422],
    [{ plannedFor: "2030-01-01T00:00:00Z", what: "" }, 400],
    [{ plannedFor: "2030-01-01T00:00:00Z", what: "x", who: "mallory" }, 400],
  ])("refuses %j with %i", async (input, status) => {
    expect((await plan(input)).res.status).toBe(status);
  });
});

/** The next 23:30 in New York (the shipped config's zone), a late-night time every day. */
function lateNightAhead(): string {
  const now = Date.now();
  for (let h = 1; h < 48; h++) {
    const t = new Date(now + h * 3600_000);
    const hour = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "2-digit", hourCycle: "h23" }).format(t),
    );
    if (hour === 23) return t.toISOString();
  }
  throw new Error("no late night within two days");
}
