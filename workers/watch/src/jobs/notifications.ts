/**
 * @module
 * Delivering the notification outbox with no tab open: each minute, the planned deployments now due
 * are announced, then new events are routed and due deliveries sent (claimed in one statement, so a
 * request's own fast path and this job never send one twice), and finished notifications past their
 * days are pruned. Sends stay within the invocation's
 * subrequests, leaving room for the other jobs; what does not fit waits for the next minute.
 */
import { historyDatabase, isDatabase } from "../../../../src/server/history/database.ts";
import { keptDays, retentionRules } from "../../../../src/server/history/retention.ts";
import { deliveryContext } from "../../../../src/server/notify/context.ts";
import { deliverDue } from "../../../../src/server/notify/deliver.ts";
import { announceDue } from "../../../../src/server/notify/planned.ts";
import { pruneNotifications } from "../../../../src/server/notify/retention.ts";
import type { Job } from "../jobs.ts";

/** Subrequests left for the other jobs of the same invocation (the watches' clocks, D1 reads). */
const LEFT_FOR_OTHERS = 10;
/**
 * The most one invocation sends: 20 measured 9 to 10 ms of CPU in Node on a loaded machine (bench/notifications.ts),
 * about the Free plan's 10 ms; 40 measured 6 to 18. A Paid plan may raise it.
 */
const MAX_SENDS = 20;

export const deliverOutbox: Job = {
  name: "notifications",
  async run({ env, runtime, now }) {
    if (!isDatabase(env.RUNBOOK_DB)) return;
    const db = await historyDatabase(env.RUNBOOK_DB);
    const { loaded } = runtime;
    const siteUrl = loaded.config.notifications.siteUrl ?? env.RUNBOOK_SITE_URL;
    await announceDue(db, loaded.environments, loaded.config.deployWindow.announceHours, new Date(now), siteUrl);
    const report = await deliverDue(
      deliveryContext({
        db,
        loaded,
        demoOrigin: runtime.demoOrigin,
        bindings: env,
        fetch: runtime.fetch,
        maxSends: Math.max(0, Math.min(MAX_SENDS, runtime.limits.subrequests - LEFT_FOR_OTHERS)),
      }),
    );
    const rule = retentionRules().find((r) => r.table === "notification_deliveries");
    await pruneNotifications(db, now, rule ? keptDays(rule, env as unknown as Record<string, unknown>) : undefined);
    if (report.sent > 0)
      console.log(
        `[notifications] sent ${report.sent}: ${report.delivered} delivered, ${report.retrying} to retry, ${report.undelivered} undelivered`,
      );
  },
};
