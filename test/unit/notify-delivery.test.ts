/**
 * The outbox delivered to the demo's real Slack, webhook and PagerDuty sinks (local HTTP servers that
 * answer like the providers), over real SQLite with the project's migrations: payload shapes per event
 * type and channel, routing, retries honouring Retry-After, exactly one delivery per event per channel,
 * and undelivered events kept with the channel's answer.
 */
import { Hono } from "hono";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildEvent } from "../../src/core/notify/build.ts";
import { type EventType, eventTypes, notificationEvent } from "../../src/core/notify/events.ts";
import { availableChannels } from "../../src/core/notify/routing.ts";
import {
  DEMO_NOTIFY_WEBHOOK_SECRET,
  DEMO_PAGERDUTY_ROUTING_KEY,
  demoNotificationBindings,
  type Received,
} from "../../src/demo/notification-sinks.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import type { D1Database, D1PreparedStatement } from "../../src/server/history/d1.ts";
import { type DeliveryContext, deliverDue } from "../../src/server/notify/deliver.ts";
import { eventStatements } from "../../src/server/notify/events.ts";
import { ROUTE_BATCH } from "../../src/server/notify/route.ts";
import { deliverSoon } from "../../src/server/notify/soon.ts";
import { createRuntime } from "../../src/server/runtime.ts";
import type { AppEnv } from "../../src/server/types.ts";
import { loadRealConfig } from "./support/config.ts";
import { type LocalD1, localD1 } from "./support/d1.ts";

let demo: DemoServer;
let db: LocalD1;
let clock: number;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});
beforeEach(() => {
  db?.close();
  db = localD1();
  demo.sinks.clear();
  // Near the real time: the webhook receiver holds signatures to a 5-minute tolerance of its own clock.
  clock = Date.now();
});

function context(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  const loaded = loadRealConfig(demo.url);
  const settings = loaded.config.notifications;
  return {
    db,
    settings,
    channels: availableChannels(settings, demo.url),
    bindings: demoNotificationBindings(demo.url),
    fetch: (input, init) => fetch(input, init),
    maxSends: 40,
    now: () => clock,
    ...overrides,
  };
}

function demoEnvironment() {
  const env = loadRealConfig(demo.url).environments.find((e) => e.id === "demo");
  if (!env) throw new Error("no demo environment");
  return env;
}

async function record(type: EventType, extra: Partial<Parameters<typeof buildEvent>[0]> = {}) {
  const event = buildEvent({
    type,
    environment: demoEnvironment(),
    actor: "ana@dashtray.example",
    reason: type.startsWith("action") ? "error rate <5%> & rising" : null,
    facts: { deploymentId: 7, commit: "0123456789abcdef0123456789abcdef01234567" },
    siteUrl: "https://runbook.dashtray.example",
    at: new Date(clock).toISOString(),
    ...extra,
  });
  await db.batch(eventStatements(db, event));
  return event;
}

const deliveries = () =>
  db.query<{
    event_id: string;
    channel: string;
    state: string;
    attempts: number;
    last_status: number | null;
    last_answer: string | null;
    next_at: string;
  }>("SELECT * FROM notification_deliveries ORDER BY event_id, channel");
/**
 * The database as another process holding its lock sees it: once armed, the next `times` statements
 * or batches are refused with SQLITE_BUSY (and write nothing), as local D1 refuses them.
 */
function busyFor(inner: LocalD1, times: number) {
  let left = 0;
  let refused = 0;
  const gate = <T>(run: () => Promise<T>): Promise<T> => {
    if (left > 0) {
      left -= 1;
      refused += 1;
      return Promise.reject(new Error("D1_ERROR: database is locked: SQLITE_BUSY"));
    }
    return run();
  };
  type Wrapped = D1PreparedStatement & { target: D1PreparedStatement };
  const wrap = (target: D1PreparedStatement): Wrapped => ({
    target,
    bind: (...values) => wrap(target.bind(...values)),
    first: () => gate(() => target.first()),
    all: () => gate(() => target.all()),
    run: () => gate(() => target.run()),
  });
  const db: D1Database = {
    prepare: (sql) => wrap(inner.prepare(sql)),
    batch: (statements) => gate(() => inner.batch(statements.map((s) => (s as Wrapped).target ?? s))),
  };
  const arm = () => {
    left = times;
  };
  return { db, arm, refused: () => refused };
}

const received = (sink: Received["sink"]) => demo.sinks.list().filter((r) => r.sink === sink);

describe("each event type reaches each of the demo's channels in its protocol", () => {
  it.each(eventTypes)("%s", async (type) => {
    const alert = type === "monitor.breach" ? ({ key: "monitor:demo:1", action: "trigger" } as const) : null;
    const event = await record(type, { alert });
    const report = await deliverDue(context());
    expect(report).toMatchObject({ routed: 1, sent: 3, delivered: 3 });

    const [slack] = received("slack");
    expect(slack?.status).toBe(200);
    const message = slack?.body as { text: string; blocks: { type: string; elements?: { url?: string }[] }[] };
    expect(message.text).toContain(event.title);
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    expect(message.blocks[3]?.elements?.[0]?.url).toMatch(/^https:\/\/runbook\.dashtray\.example\//);

    const [hook] = received("webhook");
    expect(hook?.status).toBe(200);
    expect(hook?.headers["webhook-id"]).toBe(event.id);
    const verified = new Webhook(DEMO_NOTIFY_WEBHOOK_SECRET).verify(JSON.stringify(hook?.body), hook?.headers ?? {});
    expect(notificationEvent.parse(verified)).toEqual(event);

    const [pd] = received("pagerduty");
    expect(pd?.status).toBe(202);
    const body = pd?.body as Record<string, unknown>;
    expect(body.routing_key).toBe(DEMO_PAGERDUTY_ROUTING_KEY);
    if (alert) {
      expect(pd?.path).toBe("/v2/enqueue");
      expect(body).toMatchObject({ event_action: "trigger", dedup_key: "monitor:demo:1" });
      expect(body.payload).toMatchObject({ severity: "error", source: "dashtray-runbook/demo" });
    } else {
      expect(pd?.path).toBe("/v2/change/enqueue");
      expect(body.payload).toMatchObject({
        summary: `${event.title}: ${event.summary}`,
        source: "dashtray-runbook/demo",
      });
    }
    // The channel keys travel only where the protocol puts them.
    for (const secret of [DEMO_NOTIFY_WEBHOOK_SECRET, demoNotificationBindings(demo.url).DEMO_SLACK_WEBHOOK_URL])
      expect(JSON.stringify(demo.sinks.list())).not.toContain(secret);
    expect(JSON.stringify([slack, hook])).not.toContain(DEMO_PAGERDUTY_ROUTING_KEY);
  });

  it("escapes a reason's markup in Slack's mrkdwn", async () => {
    await record("action.pressed");
    await deliverDue(context());
    expect(JSON.stringify(received("slack")[0]?.body)).toContain("error rate &lt;5%&gt; &amp; rising");
  });
});

describe("delivery that loses nothing", () => {
  it("waits a 429's Retry-After, then delivers", async () => {
    demo.sinks.modes.slack = "rate_limited";
    await record("deployment.started");
    const first = await deliverDue(context());
    expect(first).toMatchObject({ delivered: 2, retrying: 1 });
    const slack = deliveries().find((d) => d.channel === "demo-slack");
    expect(slack).toMatchObject({
      state: "pending",
      attempts: 1,
      last_status: 429,
      last_answer: "HTTP 429 rate_limited",
    });
    // Retry-After: 1 (not the backoff): due one second later, not before.
    expect(Date.parse(slack?.next_at ?? "")).toBe(clock + 1000);
    demo.sinks.modes.slack = "ok";
    expect(await deliverDue(context())).toMatchObject({ sent: 0 });
    clock += 1000;
    expect(await deliverDue(context())).toMatchObject({ sent: 1, delivered: 1 });
    expect(received("slack").map((r) => r.status)).toEqual([200, 429]);
  });

  it("backs off doubling on 5xx and keeps the event undelivered with the answer after the last try", async () => {
    demo.sinks.modes.slack = "error";
    await record("verify.failed");
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      await deliverDue(context());
      const row = deliveries().find((d) => d.channel === "demo-slack");
      if (row?.state === "pending") waits.push((Date.parse(row.next_at) - clock) / 1000);
      clock += 60_000;
    }
    expect(waits).toEqual([1, 2, 4, 5]);
    expect(deliveries().find((d) => d.channel === "demo-slack")).toMatchObject({
      state: "undelivered",
      attempts: 5,
      last_status: 500,
      last_answer: "HTTP 500 rollup_error",
    });
    expect(await deliverDue(context())).toMatchObject({ sent: 0 });
  });

  it.each([
    ["slack", "invalid_token", "HTTP 403 invalid_token"],
    ["slack", "channel_not_found", "HTTP 404 channel_not_found"],
    ["pagerduty", "invalid_token", "HTTP 400 invalid event: Event object is invalid: 'routing_key' is invalid"],
  ] as const)("a %s refusal (%s) is kept as undelivered at once, with the answer", async (sink, mode, answer) => {
    demo.sinks.modes[sink] = mode;
    await record("deployment.succeeded");
    await deliverDue(context());
    expect(deliveries().find((d) => d.channel === `demo-${sink}`)).toMatchObject({
      state: "undelivered",
      attempts: 1,
      last_answer: answer,
    });
  });

  it("sends each event once per channel when two invocations run at once", async () => {
    for (const type of ["deployment.started", "verify.passed", "deployment.succeeded"] as const) await record(type);
    const reports = await Promise.all([deliverDue(context()), deliverDue(context()), deliverDue(context())]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(9);
    for (const sink of ["slack", "webhook", "pagerduty"] as const) expect(received(sink)).toHaveLength(3);
    expect(deliveries().every((d) => d.state === "delivered" && d.attempts === 1)).toBe(true);
  });

  it("a channel down while three events are recorded gets each exactly once when it is back", async () => {
    demo.sinks.modes.webhook = "down";
    const events = [
      await record("deployment.started"),
      await record("verify.failed"),
      await record("deployment.rolled_back"),
    ];
    await deliverDue(context());
    expect(
      deliveries()
        .filter((d) => d.channel === "demo-webhook")
        .map((d) => d.state),
    ).toEqual(["pending", "pending", "pending"]);
    demo.sinks.modes.webhook = "ok";
    for (let i = 0; i < 3; i++) {
      clock += 10_000;
      await deliverDue(context());
    }
    const arrived = received("webhook").filter((r) => r.status === 200);
    expect(arrived.map((r) => r.headers["webhook-id"]).sort()).toEqual(events.map((e) => e.id).sort());
    expect(arrived.every((r) => !r.duplicate)).toBe(true);
  });

  it("stays within the invocation's sends and leaves the rest for the next", async () => {
    for (let i = 0; i < 4; i++) await record("deployment.started");
    expect(await deliverDue(context({ maxSends: 5 }))).toMatchObject({ sent: 5 });
    expect(await deliverDue(context({ maxSends: 5 }))).toMatchObject({ sent: 5 });
    expect(await deliverDue(context({ maxSends: 5 }))).toMatchObject({ sent: 2 });
  });

  it("routes and sends a request's own events ahead of an older backlog the Worker has not reached", async () => {
    clock -= 60_000;
    for (let i = 0; i < ROUTE_BATCH + 5; i++) await record("verify.passed");
    clock += 60_000;
    const ours = await record("deployment.started");
    expect(await deliverDue(context(), [ours.id])).toMatchObject({ sent: 3, delivered: 3 });
    expect(received("webhook").map((r) => r.headers["webhook-id"])).toEqual([ours.id]);
    // The oldest batch was routed beside it, and waits for the Worker's sends.
    expect(db.query<{ n: number }>("SELECT count(*) AS n FROM notification_events WHERE routed = 0")[0]?.n).toBe(5);
  });

  it("the fast path after an answer gets through a database busy for a moment, and sends once", async () => {
    const loaded = loadRealConfig(demo.url);
    const runtime = createRuntime({ loaded, demoOrigin: demo.url });
    const busy = busyFor(db, 3);
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set("runtime", runtime);
        await next();
      })
      .post("/told", async (c) => {
        const event = await record("deployment.started");
        busy.arm();
        deliverSoon(c, [event.id]);
        return c.text(event.id);
      });
    const waiting: Promise<unknown>[] = [];
    const res = await app.request(
      "/told",
      { method: "POST" },
      { RUNBOOK_DB: busy.db, ...demoNotificationBindings(demo.url) },
      { waitUntil: (work: Promise<unknown>) => waiting.push(work), passThroughOnException: () => {}, props: {} },
    );
    const id = await res.text();
    await Promise.all(waiting);
    expect(busy.refused()).toBe(3);
    expect(received("webhook").map((r) => r.headers["webhook-id"])).toEqual([id]);
    expect(deliveries().map((d) => [d.channel, d.state, d.attempts])).toEqual([
      ["demo-pagerduty", "delivered", 1],
      ["demo-slack", "delivered", 1],
      ["demo-webhook", "delivered", 1],
    ]);
  });

  it("a missing or plain-http binding is named on the delivery, never its value", async () => {
    await record("deployment.started");
    const bindings = {
      ...demoNotificationBindings(demo.url),
      DEMO_SLACK_WEBHOOK_URL: "http://hooks.slack.example/services/T/B/secret-token-123",
      DEMO_PAGERDUTY_ROUTING_KEY: "",
    };
    await deliverDue(context({ bindings }));
    const rows = deliveries();
    expect(rows.find((d) => d.channel === "demo-slack")?.last_answer).toBe(
      "DEMO_SLACK_WEBHOOK_URL must be an https URL, or http on 127.0.0.1 for the demo (got a http: URL to another host)",
    );
    expect(rows.find((d) => d.channel === "demo-pagerduty")?.last_answer).toBe(
      "the binding DEMO_PAGERDUTY_ROUTING_KEY is not set",
    );
    expect(JSON.stringify(rows)).not.toContain("secret-token-123");
  });
});

describe("routing and quiet rules", () => {
  it("sends an environment's events only to the channels its routes name", async () => {
    const loaded = loadRealConfig(demo.url);
    const staging = loaded.environments.find((e) => e.id === "staging");
    if (!staging) throw new Error("no staging");
    for (const type of ["deployment.started", "verify.passed", "monitor.breach"] as const)
      await db.batch(eventStatements(db, buildEvent({ type, environment: staging, actor: "local" })));
    await deliverDue(context());
    expect(deliveries().map((d) => `${d.channel}:${d.state}`)).toEqual(["team-slack:pending"]);
    expect(deliveries()[0]?.last_answer).toBe("the binding SLACK_WEBHOOK_URL is not set");
  });

  it("leaves the demo's sinks out where there is no demo", () => {
    const settings = loadRealConfig().config.notifications;
    expect(availableChannels(settings, undefined).map((c) => c.id)).toEqual(["team-slack", "on-call"]);
  });

  it("repeats an open alert at most every repeatMinutes, and resolves it wherever it was triggered", async () => {
    const trigger = { key: "incident:demo:app-health", action: "trigger" } as const;
    await record("incident.opened", { alert: trigger });
    await deliverDue(context());
    clock += 10 * 60_000;
    await record("incident.opened", { alert: trigger });
    await deliverDue(context());
    expect(deliveries().filter((d) => d.state === "suppressed")).toHaveLength(3);
    clock += 25 * 60_000;
    await record("incident.opened", { alert: trigger });
    await deliverDue(context());
    clock += 60_000;
    await record("incident.resolved", { alert: { key: trigger.key, action: "resolve" } });
    await deliverDue(context());
    const pd = received("pagerduty").map((r) => (r.body as { event_action: string }).event_action);
    expect(pd).toEqual(["resolve", "trigger", "trigger"]);
  });
});

describe("events written with their record", () => {
  it("exist only when the statement before them changed a row, with the inserted deployment's id", async () => {
    const { eventIfChanged } = await import("../../src/server/notify/events.ts");
    const insert = () =>
      db
        .prepare(
          `INSERT INTO deployments (environment, target_commit, started_by, started_at) VALUES ('demo', 'abc1234', 'local', ?1)
           ON CONFLICT DO NOTHING RETURNING id`,
        )
        .bind(new Date(clock).toISOString());
    const started = () => buildEvent({ type: "deployment.started", environment: demoEnvironment(), actor: "local" });
    await db.batch([insert(), eventIfChanged(db, started(), { deploymentIdFromInsert: true })]);
    // A second start while one is in progress is ignored by the unique index: no event either.
    await db.batch([insert(), eventIfChanged(db, started(), { deploymentIdFromInsert: true })]);
    const rows = db.query<{ payload: string }>("SELECT payload FROM notification_events");
    expect(rows).toHaveLength(1);
    const id = db.query<{ id: number }>("SELECT id FROM deployments")[0]?.id;
    expect(JSON.parse(rows[0]?.payload ?? "{}").facts.deploymentId).toBe(id);
  });
});

describe("the monitor tells the team", () => {
  it("writes its first breach (a trigger) and its verdict with the samples that bring them, once each", async () => {
    const { d1MonitorStore } = await import("../../src/server/monitor/d1-store.ts");
    const loaded = loadRealConfig(demo.url);
    const store = d1MonitorStore(db, { environments: loaded.environments, siteUrl: "https://runbook.example" });
    const { watch } = await store.start({
      environment: "demo",
      intervalMs: 1000,
      windowMs: 3000,
      criteria: { p95Ms: 2000, maxErrorRate: 0.01 },
      startedBy: "local",
      now: clock,
    });
    const sample = (slot: number, breached: string[]) => ({
      slot,
      at: new Date(clock + slot * 1000).toISOString(),
      status: breached.length ? ("fail" as const) : ("pass" as const),
      p95Ms: breached.length ? 2600 : 120,
      errorRate: 0,
      requests: 8,
      breached,
      checks: [],
    });
    for (const [slot, breached] of [
      [0, []],
      [1, ["p95"]],
      [2, ["p95"]],
    ] as const) {
      expect(await store.claim(watch, slot, sample(slot, [...breached]).at, clock)).toBe(true);
      await store.save(watch, sample(slot, [...breached]));
      // The watch Worker's rule sets the verdict after two breaches in a row (and only once).
      if (slot === 2) {
        expect(await store.recommend(watch, sample(slot, []).at, "p95 over 2000 ms twice in a row")).toBe(true);
        expect(await store.recommend(watch, sample(slot, []).at, "again")).toBe(false);
      }
    }
    const events = db
      .query<{ payload: string }>("SELECT payload FROM notification_events ORDER BY at")
      .map((r) => JSON.parse(r.payload));
    // At the last slot the sample's verdict comes first, then the recommendation (once).
    expect(events.map((e) => [e.type, e.alert?.action ?? null, e.facts.outcome ?? null])).toEqual([
      ["monitor.breach", "trigger", null],
      ["monitor.verdict", null, "breached"],
      ["monitor.verdict", null, "rollback-recommended"],
    ]);
    expect(events[0].summary).toContain("p95 2600 ms, limit 2000 ms");
    expect(events[2].title).toBe("Monitor on Demo: roll back recommended");
    expect(events[2].summary).toBe("Roll back recommended: p95 over 2000 ms twice in a row");
  });

  it.each([
    [[], "stopped"],
    [["p95"], "stopped-breached"],
  ] as const)(
    "a watch stopped early after samples breaching %j tells who stopped it: %s, once",
    async (breached, outcome) => {
      const { d1MonitorStore } = await import("../../src/server/monitor/d1-store.ts");
      const loaded = loadRealConfig(demo.url);
      const store = d1MonitorStore(db, { environments: loaded.environments, siteUrl: "https://runbook.example" });
      const { watch } = await store.start({
        environment: "demo",
        intervalMs: 60_000,
        windowMs: 600_000,
        criteria: { p95Ms: 2000, maxErrorRate: 0.01 },
        startedBy: "local",
        now: clock,
      });
      const at = new Date(clock + 60_000).toISOString();
      expect(await store.claim(watch, 1, at, clock)).toBe(true);
      await store.save(watch, {
        slot: 1,
        at,
        status: breached.length ? "fail" : "pass",
        p95Ms: breached.length ? 2600 : 120,
        errorRate: 0,
        requests: 8,
        breached: [...breached],
        checks: [],
      });
      const ids = await store.end(watch, clock + 120_000, "ana@dashtray.example");
      expect(ids).toEqual([`evt_monitor_${watch.id}_verdict`]);
      const verdicts = () =>
        db
          .query<{ payload: string }>("SELECT payload FROM notification_events WHERE type = 'monitor.verdict'")
          .map((r) => JSON.parse(r.payload));
      expect(verdicts().map((e) => [e.actor, e.facts.outcome])).toEqual([["ana@dashtray.example", outcome]]);
      expect(verdicts()[0].summary).toMatch(/^Stopped by ana@dashtray\.example 2 of 10 minutes in, before its verdict/);
      await store.end(watch, clock + 180_000, "bo@dashtray.example");
      expect(verdicts()).toHaveLength(1);
    },
  );
});

describe("the outbox's bound", () => {
  it("prunes finished notifications past their days and keeps any still waiting, however old", async () => {
    const { pruneNotifications } = await import("../../src/server/notify/retention.ts");
    demo.sinks.modes.slack = "error";
    await record("deployment.started");
    await record("deployment.succeeded");
    await deliverDue(context());
    clock += 31 * 86_400_000;
    // One event's Slack delivery is still waiting to be retried: that event stays whole.
    db.query(
      "UPDATE notification_deliveries SET state = 'delivered' WHERE channel = 'demo-slack' AND event_id = (SELECT MIN(event_id) FROM notification_deliveries)",
    );
    const pruned = await pruneNotifications(db, clock);
    expect(pruned).toBe(1);
    expect(db.query("SELECT id FROM notification_events")).toHaveLength(1);
    expect(
      deliveries()
        .map((d) => d.state)
        .sort(),
    ).toEqual(["delivered", "delivered", "pending"]);
  });
});

describe("checks between deploys tell the team", () => {
  it("an incident opened once is one trigger; its resolve reaches every channel the trigger reached", async () => {
    const { scheduleStore } = await import("../../src/server/schedule/store.ts");
    const { incidentOpened, incidentResolved } = await import("../../src/core/notify/incident-events.ts");
    const store = scheduleStore(db);
    const env = demoEnvironment();
    const openedAt = new Date(clock).toISOString();
    const opened = () =>
      incidentOpened(env, { check: "app-health", openedAt, failures: 3, lastError: "HTTP 503" }, openedAt, undefined);
    await store.open("demo", "app-health", openedAt, 3, "HTTP 503", opened());
    // A second open while one is open is kept out by the unique index, and so is its event.
    await store.open("demo", "app-health", openedAt, 4, "HTTP 503", opened());
    await deliverDue(context());
    const open = await store.openIncident("demo", "app-health");
    if (!open) throw new Error("no open incident");
    clock += 60_000;
    await store.resolve(
      open.id,
      new Date(clock).toISOString(),
      incidentResolved(env, open, new Date(clock).toISOString(), undefined),
    );
    await deliverDue(context());
    const pd = received("pagerduty").map((r) => r.body as { event_action: string; dedup_key: string });
    expect(pd.map((b) => b.event_action)).toEqual(["resolve", "trigger"]);
    expect(new Set(pd.map((b) => b.dedup_key))).toEqual(new Set([`incident:demo:app-health:${openedAt}`]));
    expect(received("slack")).toHaveLength(2);
  });
});

describe("a verified rollback resolves the monitor's breach", () => {
  it("carries the breach's alert as a resolve, which PagerDuty receives on its dedup_key", async () => {
    const { actionOutcome } = await import("../../src/core/notify/record-events.ts");
    const { pagerDutyEvent } = await import("../../src/server/notify/channels/pagerduty.ts");
    const where = { environment: demoEnvironment(), actor: "local", at: new Date(clock).toISOString() };
    const facts = { kind: "pages-rollback" as const, fromId: "a", toId: "b", toCommit: null, reason: "breach" };
    const verified = actionOutcome(where, facts, "verified", "smoke passes", "monitor:demo:7");
    expect(pagerDutyEvent(verified, "k".repeat(32)).body).toEqual({
      routing_key: "k".repeat(32),
      event_action: "resolve",
      dedup_key: "monitor:demo:7",
    });
    expect(actionOutcome(where, facts, "verify_failed", "smoke fails", "monitor:demo:7").alert).toBeNull();
  });
});
