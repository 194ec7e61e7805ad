/**
 * @module
 * What a monitor store does, wherever watches and their samples live (`d1-store.ts`, shared by every
 * isolate, the watch Worker and every colleague; `memory-store.ts`, one isolate's). A slot's sample is
 * claimed before it is taken, so two isolates (or a page and the watch Worker) never sample the same slot.
 */
import type { MonitorGap, MonitorSample, MonitorWatch } from "../../core/monitor.ts";

export interface StartWatch {
  environment: string;
  intervalMs: number;
  windowMs: number;
  criteria: MonitorWatch["criteria"];
  startedBy: string;
  now: number;
}

/** A slot as the store has it: taken, being taken by someone (pending), or free. */
export type SlotState = { sample: MonitorSample } | "pending" | undefined;

export interface MonitorStore {
  readonly kind: "d1" | "memory";
  /** The running watch of the environment, or a new one; `created` says which. */
  start(input: StartWatch): Promise<{ watch: MonitorWatch; created: boolean }>;
  /** A watch by id, or (no id) the environment's latest. */
  find(environment: string, id?: number): Promise<MonitorWatch | undefined>;
  /** The watch's finished samples in slot order, those at or after `since` when given. */
  samples(watch: MonitorWatch, since?: string): Promise<MonitorSample[]>;
  slot(watch: MonitorWatch, slot: number): Promise<SlotState>;
  /** Claims a slot for sampling; false when someone already has it. */
  claim(watch: MonitorWatch, slot: number, at: string, now: number): Promise<boolean>;
  save(watch: MonitorWatch, sample: MonitorSample): Promise<void>;
  /**
   * Ends a watch now (its window cut to the time it ran), so a new one can start; `by` (who ended it)
   * tells the team it stopped before its verdict, where the store writes notifications. Answers the
   * ids of the events it recorded, for the caller to deliver.
   */
  end(watch: MonitorWatch, now: number, by?: string): Promise<string[]>;
  /** Gives a claimed slot back (its sampling failed), so the next request can take it. */
  release(watch: MonitorWatch, slot: number): Promise<void>;
  /** Records the "roll back recommended" verdict once; false when the watch had it already. */
  recommend(watch: MonitorWatch, at: string, reason: string): Promise<boolean>;
  /** Records what the automatic rollback did on the verdict. */
  recordAutoRollback(watch: MonitorWatch, outcome: string): Promise<void>;
  /** Records an interval the clock reached but could not sample, and why (the first reason stays). */
  gap(watch: MonitorWatch, slot: number, reason: string): Promise<void>;
  gaps(watch: MonitorWatch): Promise<MonitorGap[]>;
}

/** The window of a watch ended at `now`: the time it ran (at least 1 ms, so it is over from now on). */
export function endedWindow(watch: MonitorWatch, now: number): number {
  return Math.max(1, Math.min(watch.windowMs, now - Date.parse(watch.startedAt)));
}

/** A claim older than this is taken to be abandoned (its isolate went away mid-sampling). */
export const STALE_CLAIM_MS = 60_000;
