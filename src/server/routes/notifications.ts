/**
 * @module
 * `GET /api/notifications?env=`: the environment's channels (a binding problem named, never a value)
 * and its latest deliveries with each channel's answer. `POST /api/notifications/test?env=&channel=`:
 * sends a test message to one channel now, through the outbox like every event, and answers what
 * the channel said. Rate-limited and audited like a run.
 */
import { Hono } from "hono";
import { z } from "zod";
import { buildEvent } from "../../core/notify/build.ts";
import type { ChannelSummary, NotificationsReport, TestMessageResult } from "../../core/notify/report.ts";
import { ApiFailure } from "../errors.ts";
import { historyDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { channelSecrets } from "../notify/channels/index.ts";
import { requestDeliveryContext } from "../notify/context.ts";
import { deliverDue } from "../notify/deliver.ts";
import { directEventStatements } from "../notify/events.ts";
import { channelStanding, latestDeliveries } from "../notify/store.ts";
import type { AppEnv } from "../types.ts";
import { refuseBody } from "../validation/index.ts";

/** Deliveries the widget lists. */
const LISTED = 20;

const testQuery = z.object({
  channel: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a channel id such as "team-slack"'),
});

export const notifications = new Hono<AppEnv>()
  .get(
    "/",
    described("The environment's notification channels (a binding problem named) and its latest deliveries."),
    environmentParam(),
    async (c) => {
      const started = Date.now();
      const environment = c.get("environment");
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const context = requestDeliveryContext(c, db, 0);
      const routes = context.settings.routes[environment.id] ?? [];
      const [standing, deliveries] = await Promise.all([
        channelStanding(db, environment.id),
        latestDeliveries(db, environment.id, LISTED),
      ]);
      const channels: ChannelSummary[] = context.channels
        .filter((c) => routes.some((r) => r.channels.includes(c.id)))
        .map((resolved) => {
          const secrets = channelSecrets(resolved.channel, context.bindings);
          return {
            id: resolved.id,
            label: resolved.label,
            kind: resolved.channel.kind,
            events: routes.filter((r) => r.channels.includes(resolved.id)).flatMap((r) => r.events),
            problem: secrets.ok ? null : secrets.problem,
            lastDeliveredAt: standing.get(resolved.id)?.lastDeliveredAt ?? null,
            undelivered: standing.get(resolved.id)?.undelivered ?? 0,
          };
        });
      const report: NotificationsReport = {
        environment: environment.id,
        checkedAt: new Date().toISOString(),
        durationMs: Date.now() - started,
        channels,
        deliveries,
      };
      return c.json(report);
    },
  )
  .post(
    "/test",
    described("Sends a test message to one channel now, through the outbox, and answers what the channel said."),
    audited("notification-test"),
    limitRuns(),
    environmentParam(testQuery),
    async (c) => {
      const query = c.req.valid("query");
      await refuseBody(c);
      const environment = c.get("environment");
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const context = requestDeliveryContext(c, db, 1);
      const known = context.channels.filter((ch) =>
        (context.settings.routes[environment.id] ?? []).some((r) => r.channels.includes(ch.id)),
      );
      if (!known.some((ch) => ch.id === query.channel))
        throw new ApiFailure(
          404,
          "unknown_channel",
          `environment "${environment.id}" has no channel "${query.channel}" (it has: ${known.map((ch) => ch.id).join(", ") || "none"})`,
        );
      const now = new Date().toISOString();
      const event = buildEvent({
        type: "test",
        environment,
        actor: actorOf(c.get("identity")),
        facts: { channel: query.channel },
        summary: "A test message from the runbook's Notifications widget: if you can read this, the channel works.",
        siteUrl: new URL(c.req.url).origin,
        at: now,
      });
      await db.batch(directEventStatements(db, event, query.channel, now));
      await deliverDue(context, [event.id]);
      const [delivery] = await latestDeliveries(db, environment.id, 1, [event.id]);
      if (!delivery) throw new Error("the test message's delivery vanished after its write");
      const result: TestMessageResult = { environment: environment.id, channel: query.channel, delivery };
      // The request did what it should whatever the channel said: the delivery carries the channel's answer.
      return c.json(result);
    },
  );
