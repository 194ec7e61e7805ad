/**
 * @module
 * One beat of a watch's own clock, run by the watch Worker's Durable Object alarm with no page open:
 * sample the interval slot `now` falls in (the store's claim keeps it to one sampling per slot, whoever
 * else asks), then say when the next slot starts, or that the watch is over.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { currentSlot, type MonitorWatch, slotCount, watchEnds } from "../../core/monitor.ts";
import { analyseWatch, recommendationReason } from "../../core/monitor-analysis.ts";
import { invocationFetch } from "../lib/invocation.ts";
import type { Runtime } from "../runtime.ts";
import { sampleOnce } from "./sampler.ts";
import type { MonitorStore } from "./store.ts";

/** Which watch a clock keeps: what the Pages Function hands the Worker when a watch starts. */
export interface WatchRef {
  environment: string;
  id: number;
}

export interface Tick {
  /** The slot sampled (or found sampled) at this beat, if the watch was still running. */
  slot: number | null;
  /** Whether this beat took the sample itself (false: someone else had, or it failed). */
  sampled: boolean;
  /** When the next slot starts (ms since the epoch), or null once the window is over. */
  next: number | null;
}

/** What the Worker does when a watch's verdict becomes "roll back recommended" (its automatic rollback). */
export type OnRecommended = (
  watch: MonitorWatch,
  environment: ResolvedEnvironment,
  reason: string,
) => Promise<string | undefined>;

/**
 * Samples the current slot of the watch once, within this invocation's limits, judges the series
 * (recording the verdict once, and calling `onRecommended` that once), and plans the next beat.
 */
export async function tickWatch(
  runtime: Runtime,
  store: MonitorStore,
  ref: WatchRef,
  now: number,
  onRecommended?: OnRecommended,
): Promise<Tick> {
  const watch = await store.find(ref.environment, ref.id);
  const environment = runtime.loaded.environments.find((e) => e.id === ref.environment);
  if (!watch || !environment || now >= watchEnds(watch)) return { slot: null, sampled: false, next: null };
  const slot = currentSlot(watch, now);
  if (slot >= slotCount(watch)) return { slot: null, sampled: false, next: null };
  // This alarm is one invocation: its fetch holds to the per-invocation limits, as a request's does.
  const invocation = { ...runtime, fetch: invocationFetch(runtime.fetch, runtime.limits) };
  let sampled = false;
  try {
    sampled = (await sampleOnce(invocation, store, environment, watch, slot)).sampled;
  } catch (error) {
    console.error(`[watch] ${ref.environment} watch ${ref.id} slot ${slot} could not be sampled`, error);
    await store
      .gap(watch, slot, `the sampling failed: ${(error as Error).message}`)
      .catch((e: unknown) => console.error("[watch] gap not recorded", e));
  }
  await judge(store, watch, environment, onRecommended);
  const next = Date.parse(watch.startedAt) + (slot + 1) * watch.intervalMs;
  return { slot, sampled, next: next < watchEnds(watch) && slot + 1 < slotCount(watch) ? next : null };
}

/** Records "roll back recommended" once the series earns it, and hands it to `onRecommended` that once. */
async function judge(
  store: MonitorStore,
  watch: MonitorWatch,
  environment: ResolvedEnvironment,
  onRecommended: OnRecommended | undefined,
): Promise<void> {
  if (watch.verdict) return;
  const { failureLimit } = environment.analysis;
  const samples = await store.samples(watch);
  const analysis = analyseWatch(samples, failureLimit);
  const at = samples.find((s) => s.slot === analysis.recommendedAt);
  if (analysis.verdict !== "rollback-recommended" || !at) return;
  const reason = recommendationReason(environment.id, watch.id, failureLimit, at);
  if (!(await store.recommend(watch, at.at, reason)) || !onRecommended) return;
  const outcome = await onRecommended(watch, environment, reason).catch(
    (error: unknown) => `Automatic rollback failed: ${(error as Error).message}`,
  );
  if (outcome) await store.recordAutoRollback(watch, outcome);
}
