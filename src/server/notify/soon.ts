/**
 * @module
 * The fast path: right after a request writes events, its own invocation tries to deliver them (after
 * the answer, through `waitUntil`), so the team hears in seconds rather than at the Worker's next cron.
 * Whatever this does not finish (budget spent, a channel down, the isolate gone) stays in the outbox
 * for the companion Worker: nothing depends on it.
 */
import type { Context } from "hono";
import { retryBusy } from "../history/busy.ts";
import { isDatabase } from "../history/database.ts";
import { keepAlive } from "../lib/keep-alive.ts";
import type { AppEnv } from "../types.ts";
import { requestDeliveryContext } from "./context.ts";
import { deliverDue } from "./deliver.ts";

/** Sends one request may spend on its events (a few channels each; the rest waits for the Worker). */
const FAST_PATH_SENDS = 6;

export function deliverSoon(c: Context<AppEnv>, eventIds: readonly string[]): void {
  const db = c.env?.RUNBOOK_DB;
  if (eventIds.length === 0 || !isDatabase(db)) return;
  // Busy statements retried, as every other write here: locally the watch Worker holds the same SQLite
  // file now and then (a watch's first beat lands just as its start answers), and a refusal would leave
  // the events for the Worker's next minute.
  const work = deliverDue(requestDeliveryContext(c, retryBusy(db), FAST_PATH_SENDS), eventIds).catch(
    (error: unknown) => {
      console.error(`[notify] fast delivery left for the Worker: ${(error as Error).message}`);
    },
  );
  keepAlive(c, work);
}
