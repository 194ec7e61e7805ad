/**
 * @module
 * Handing a started watch to the watch Worker, so it samples with no page open. Deployed, the Pages
 * project reaches the Worker through its service binding `RUNBOOK_WATCH`; the local stack passes the
 * Worker's loopback origin instead. Watches in isolate memory (no D1) stay with the page: the Worker
 * could not see them.
 */
import type { MonitorWatch } from "../../core/monitor.ts";
import type { Env } from "../env.ts";
import type { MonitorStore } from "./store.ts";

/** Who samples a watch: the watch Worker's clock, or the page while it is open. */
export type Sampler = "worker" | "page";

type Fetcher = NonNullable<Env["RUNBOOK_WATCH"]>;

function watchWorker(env: Env | undefined): Fetcher | undefined {
  if (env?.RUNBOOK_WATCH && typeof env.RUNBOOK_WATCH.fetch === "function") return env.RUNBOOK_WATCH;
  const origin = env?.RUNBOOK_WATCH_ORIGIN;
  if (!origin) return undefined;
  // The service binding's URL names no real host; locally the same path goes to the loopback origin.
  return {
    fetch: (url, init) => {
      const { pathname, search } = new URL(url);
      return fetch(new URL(`${pathname}${search}`, origin).toString(), init);
    },
  };
}

/** Who samples this store's watches, as configured (a D1 store and a watch Worker: the Worker). */
export function samplerOf(env: Env | undefined, store: MonitorStore): Sampler {
  return store.kind === "d1" && watchWorker(env) ? "worker" : "page";
}

/**
 * Wakes the watch's clock in the Worker. Answers "page" when the Worker cannot be reached (logged), so
 * the page that started it samples meanwhile; the Worker's minute job wakes the clock later anyway.
 */
export async function wakeWatch(env: Env | undefined, store: MonitorStore, watch: MonitorWatch): Promise<Sampler> {
  const worker = samplerOf(env, store) === "worker" ? watchWorker(env) : undefined;
  if (!worker) return "page";
  try {
    const res = await worker.fetch(
      `https://watch.internal/watches/wake?env=${encodeURIComponent(watch.environment)}&watch=${watch.id}`,
      { method: "POST" },
    );
    await res.body?.cancel();
    if (res.ok) return "worker";
    console.error(`[monitor] the watch Worker answered ${res.status} to waking watch ${watch.id}`);
  } catch (error) {
    console.error(`[monitor] the watch Worker could not be reached to wake watch ${watch.id}`, error);
  }
  return "page";
}
