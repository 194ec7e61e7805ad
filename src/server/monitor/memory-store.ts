/**
 * @module
 * Watches in one isolate's memory, for a Function without D1 (the widget then also keeps the series in
 * the browser, and no watch Worker can see them). Plain data only.
 */
import type { MonitorGap, MonitorSample, MonitorWatch } from "../../core/monitor.ts";
import { endedWindow, type MonitorStore, STALE_CLAIM_MS } from "./store.ts";

/** Per-isolate watches, for a Function without D1. Plain data only. */
export function memoryMonitorStore(): MonitorStore {
  const watches: MonitorWatch[] = [];
  const gaps = new Map<number, MonitorGap[]>();
  const slots = new Map<number, Map<number, { claimedAt: number; sample?: MonitorSample }>>();
  const slotsOf = (watch: MonitorWatch) => {
    const map = slots.get(watch.id) ?? new Map<number, { claimedAt: number; sample?: MonitorSample }>();
    slots.set(watch.id, map);
    return map;
  };
  return {
    kind: "memory",
    async start(input) {
      const running = watches.findLast(
        (w) => w.environment === input.environment && Date.parse(w.startedAt) + w.windowMs > input.now,
      );
      if (running) return { watch: running, created: false };
      const watch: MonitorWatch = {
        id: watches.length + 1,
        environment: input.environment,
        startedAt: new Date(input.now).toISOString(),
        intervalMs: input.intervalMs,
        windowMs: input.windowMs,
        startedBy: input.startedBy,
        deploymentId: null,
        criteria: input.criteria,
      };
      watches.push(watch);
      // Keep the isolate's memory bounded: the last 50 watches.
      if (watches.length > 50) {
        const old = (watches[watches.length - 51] as MonitorWatch).id;
        slots.delete(old);
        gaps.delete(old);
      }
      return { watch, created: true };
    },
    async find(environment, id) {
      return id === undefined
        ? watches.findLast((w) => w.environment === environment)
        : watches.find((w) => w.id === id && w.environment === environment);
    },
    async samples(watch, since) {
      const list = [...slotsOf(watch).values()].flatMap((s) => (s.sample ? [s.sample] : []));
      return list.filter((s) => since === undefined || s.at >= since).sort((a, b) => a.slot - b.slot);
    },
    async slot(watch, slot) {
      const entry = slotsOf(watch).get(slot);
      if (!entry) return undefined;
      return entry.sample ? { sample: entry.sample } : "pending";
    },
    async claim(watch, slot, _at, now) {
      const map = slotsOf(watch);
      const entry = map.get(slot);
      if (entry && (entry.sample || now - entry.claimedAt < STALE_CLAIM_MS)) return false;
      map.set(slot, { claimedAt: now });
      return true;
    },
    async save(watch, sample) {
      slotsOf(watch).set(sample.slot, { claimedAt: Date.parse(sample.at), sample });
    },
    async end(watch, now) {
      const found = watches.find((w) => w.id === watch.id);
      if (found) found.windowMs = endedWindow(found, now);
      // Without D1 there is no outbox: nobody is told.
      return [];
    },
    async release(watch, slot) {
      const map = slotsOf(watch);
      if (!map.get(slot)?.sample) map.delete(slot);
    },
    async recommend(watch, at, reason) {
      const found = watches.find((w) => w.id === watch.id);
      if (!found || found.verdict) return false;
      found.verdict = { state: "rollback-recommended", at, reason };
      return true;
    },
    async recordAutoRollback(watch, outcome) {
      const found = watches.find((w) => w.id === watch.id);
      if (found) found.autoRollback = outcome;
    },
    async gap(watch, slot, reason) {
      const list = gaps.get(watch.id) ?? [];
      if (!list.some((g) => g.slot === slot)) list.push({ slot, reason });
      gaps.set(watch.id, list);
    },
    async gaps(watch) {
      return [...(gaps.get(watch.id) ?? [])].sort((a, b) => a.slot - b.slot);
    },
  };
}
