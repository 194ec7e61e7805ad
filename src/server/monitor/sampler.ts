/**
 * @module
 * One sampling of a watch's interval slot: the smoke checks run once, judged against the Success
 * Criteria, within one invocation's limits. The page's `POST /api/monitor/sample` and the watch Worker's
 * alarm both come here; the store's claim makes it one sampling per slot whoever asks first.
 */
import { runSmoke } from "../../core/checks/run.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { MonitorSample, MonitorWatch } from "../../core/monitor.ts";
import type { Runtime } from "../runtime.ts";
import type { MonitorStore } from "./store.ts";

/**
 * The slot's sample: stored already, being taken elsewhere (waited for), or taken here after claiming
 * the slot. Plain data only, as the coalescer requires.
 */
export async function sampleOnce(
  runtime: Runtime,
  store: MonitorStore,
  environment: ResolvedEnvironment,
  watch: MonitorWatch,
  slot: number,
): Promise<{ sample: MonitorSample | null; sampled: boolean }> {
  const state = await store.slot(watch, slot);
  if (state && state !== "pending") return { sample: state.sample, sampled: false };
  const at = new Date().toISOString();
  if (state === "pending" || !(await store.claim(watch, slot, at, Date.now())))
    return { sample: await waitForSlot(store, watch, slot), sampled: false };
  try {
    const sample = await takeSample(runtime, environment, slot, at);
    await store.save(watch, sample);
    return { sample, sampled: true };
  } catch (error) {
    await store.release(watch, slot).catch(() => {});
    throw error;
  }
}

/** Another isolate is sampling this slot: its sample, once stored, or null after a bounded wait. */
async function waitForSlot(store: MonitorStore, watch: MonitorWatch, slot: number): Promise<MonitorSample | null> {
  const deadline = Date.now() + Math.min(watch.intervalMs, 15_000);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const state = await store.slot(watch, slot);
    if (state && state !== "pending") return state.sample;
  }
  return null;
}

/** One sampling of the smoke checks, judged against the Success Criteria, within one invocation's limits. */
export async function takeSample(
  runtime: Runtime,
  environment: ResolvedEnvironment,
  slot: number,
  at: string,
): Promise<MonitorSample> {
  const { successCriteria, monitor: settings } = runtime.loaded.config;
  const { results, summary } = await runSmoke(
    { fetch: runtime.fetch, environment },
    {
      criteria: { ...successCriteria, samples: settings.samples },
      limits: { connections: runtime.limits.connections, requests: runtime.limits.subrequests },
    },
  );
  return {
    slot,
    at,
    status: summary.status,
    p95Ms: summary.samples.p95Ms,
    errorRate: summary.samples.errorRate,
    requests: summary.samples.count,
    breached: summary.criteria.filter((k) => k.status === "fail").map((k) => k.id),
    checks: results.map((r) => ({
      id: r.checkId,
      status: r.status,
      p95Ms: r.samples?.p95Ms ?? Math.round(r.observed.latencyMs ?? 0),
      errors: r.samples?.errors ?? (r.status === "error" ? 1 : 0),
    })),
  };
}
