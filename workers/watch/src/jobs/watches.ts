/**
 * @module
 * The safety net of server-side watches: each minute, every running watch in D1 gets its clock woken
 * (a no-op where its alarm is set). A watch whose start could not reach the Worker, or whose alarm was
 * lost, is then sampled from the next minute on.
 */
import { historyDatabase, isDatabase } from "../../../../src/server/history/database.ts";
import { objectNamed } from "../durable.ts";
import type { Job } from "../jobs.ts";

export const wakeRunningWatches: Job = {
  name: "watches",
  async run({ env, now }) {
    if (!isDatabase(env.RUNBOOK_DB)) return;
    const db = await historyDatabase(env.RUNBOOK_DB);
    const { results } = await db
      .prepare("SELECT id, environment FROM monitor_watches WHERE running = 1 AND ends_at > ?1 ORDER BY id")
      .bind(new Date(now).toISOString())
      .all<{ id: number; environment: string }>();
    await Promise.all(results.map((watch) => wakeClock(env.WATCH_CLOCKS, watch)));
  },
};

/** Wakes the clock of one watch (the Worker's `POST /watches/wake` and the safety net both come here). */
export async function wakeClock(
  clocks: Parameters<typeof objectNamed>[0],
  watch: { environment: string; id: number },
): Promise<Response> {
  return objectNamed(clocks, `${watch.environment}:${watch.id}`).fetch("https://watch-clock/wake", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ environment: watch.environment, id: watch.id }),
  });
}
