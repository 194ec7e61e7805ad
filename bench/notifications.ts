/**
 * Notification delivery (runs alone: `node bench/notifications.ts`): how long one invocation of the
 * delivery job takes to send its 20 to the demo's three sinks, its CPU time in
 * this process (a stand-in for the Worker's 10 ms), and how many invocations a backlog takes. Over
 * Node's SQLite with the project's migrations (the D1 engine) and the demo's real sink servers.
 * Prints figures; never fails on timing.
 */
import { buildEvent } from "../src/core/notify/build.ts";
import { availableChannels } from "../src/core/notify/routing.ts";
import { demoNotificationBindings } from "../src/demo/notification-sinks.ts";
import { startDemoServer } from "../src/demo/server.ts";
import { deliverDue } from "../src/server/notify/deliver.ts";
import { eventStatements } from "../src/server/notify/events.ts";
import { loadRealConfig } from "../test/unit/support/config.ts";
import { localD1 } from "../test/unit/support/d1.ts";

const EVENTS = 100;
// What the Worker's job sends per invocation (workers/watch/src/jobs/notifications.ts).
const SENDS = 20;
const demo = await startDemoServer({ port: 0 });
try {
  const db = localD1();
  const loaded = loadRealConfig(demo.url);
  const environment = loaded.environments.find((e) => e.id === "demo");
  if (!environment) throw new Error("no demo environment");
  const settings = loaded.config.notifications;
  for (let i = 0; i < EVENTS; i++)
    await db.batch(eventStatements(db, buildEvent({ type: "deployment.started", environment, actor: "bench" })));
  const invocations: { ms: number; cpuMs: number; sent: number }[] = [];
  for (;;) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await deliverDue({
      db,
      settings,
      channels: availableChannels(settings, demo.url),
      bindings: demoNotificationBindings(demo.url),
      fetch: (input, init) => fetch(input, init),
      maxSends: SENDS,
    });
    const used = process.cpuUsage(cpu);
    if (report.sent === 0) break;
    invocations.push({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, sent: report.sent });
  }
  const sent = invocations.reduce((n, i) => n + i.sent, 0);
  console.log(
    `Notifications: ${EVENTS} events × 3 channels = ${sent} sends in ${invocations.length} invocations of at most ${SENDS}`,
  );
  for (const [n, i] of invocations.entries())
    console.log(
      `   invocation ${n + 1}: ${i.sent} sent in ${i.ms.toFixed(0)} ms wall, ${i.cpuMs.toFixed(1)} ms CPU (Node, incl. SQLite and the sinks)`,
    );
  const delivered = db.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM notification_deliveries WHERE state = 'delivered'",
  );
  console.log(`   delivered: ${delivered[0]?.n} of ${EVENTS * 3}, each once (one row per event and channel)`);

  // Our own CPU per invocation: the same sends answered at once by a stub, so only the runbook's work
  // (routing, claims, Block Kit, signatures, PagerDuty bodies, SQLite) is timed, not the sinks'.
  const cpuDb = localD1();
  for (let i = 0; i < 120; i++)
    await cpuDb.batch(eventStatements(cpuDb, buildEvent({ type: "deployment.started", environment, actor: "bench" })));
  const cpus: number[] = [];
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage();
    await deliverDue({
      db: cpuDb,
      settings,
      channels: availableChannels(settings, demo.url),
      bindings: demoNotificationBindings(demo.url),
      fetch: async (input) =>
        input.includes("pagerduty")
          ? new Response('{"status":"success","message":"Event processed"}', { status: 202 })
          : new Response("ok", { status: 200 }),
      maxSends: SENDS,
    });
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  console.log(
    `   our CPU per invocation of ${SENDS} sends (stub answers): ${cpus.map((c) => c.toFixed(1)).join(", ")} ms`,
  );
} finally {
  await demo.close();
}
