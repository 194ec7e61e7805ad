import { inject } from "vitest";
import { scheduledUrl } from "../../scripts/lib/watch-worker.ts";

/**
 * Fires the watch Worker's scheduled handler once, as its Cron Trigger would, for `time` (ms; default
 * now): a test steps through schedule slots without waiting for them. It answers once every job has
 * finished.
 */
export async function fireScheduled(time?: number): Promise<void> {
  const res = await fetch(scheduledUrl(inject("watchUrl"), time));
  await res.text();
  if (!res.ok) throw new Error(`the watch Worker's scheduled handler answered ${res.status}`);
}
