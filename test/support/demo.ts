import { inject } from "vitest";

/**
 * Puts the demo Dashtray into a state the way a reader does: through the site's `/api/demo/state`,
 * which also forgets check answers reused from before the switch.
 */
export async function setDemo(change: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${inject("siteUrl")}/api/demo/state`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  });
  if (!res.ok) throw new Error(`demo state change failed: ${res.status} ${await res.text()}`);
}

/** Back to healthy defaults with zeroed counters (and no reused answers). */
export async function resetDemo(): Promise<void> {
  const res = await fetch(`${inject("siteUrl")}/api/demo/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`demo reset failed: ${res.status} ${await res.text()}`);
}

/** Requests the demo received per route since the last reset, read from the demo itself. */
export async function demoCounts(): Promise<Record<string, number>> {
  const res = await fetch(`${inject("demoUrl")}/__demo/state`);
  return ((await res.json()) as { counts: Record<string, number> }).counts;
}
