import { inject } from "vitest";
import { WATCH_CRON } from "../../scripts/lib/watch-worker.ts";

/** Fires the watch Worker's scheduled handler once, as its Cron Trigger would (`wrangler dev --test-scheduled`). */
export async function fireScheduled(): Promise<void> {
  const res = await fetch(`${inject("watchUrl")}/__scheduled?cron=${encodeURIComponent(WATCH_CRON)}`);
  await res.text();
  if (!res.ok) throw new Error(`the watch Worker's scheduled handler answered ${res.status}`);
}
