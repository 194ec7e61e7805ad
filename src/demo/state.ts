/**
 * @module
 * The demo server's mutable state: current settings, request counts per route, and the payment
 * webhook events it accepted. One instance per server; tests may read it directly.
 */
import { DEFAULT_SETTINGS, type DemoSettings, type DemoSettingsPatch } from "./settings.ts";

/** Accepted webhook ids kept for inspection; older ones drop off. */
const MAX_WEBHOOK_EVENTS = 100;

/** What `GET /__demo/state` returns. */
export type DemoStateSnapshot = DemoSettings & {
  counts: Record<string, number>;
  webhookEvents: string[];
  dispatchedRuns: DispatchedRun[];
};

/** A run of the deploy-convex workflow the demo started for a dispatch. */
export interface DispatchedRun {
  id: number;
  sha: string;
  branch: string;
  createdAt: string;
  /** How it goes, fixed at dispatch time (`deployRun`). */
  course: DemoSettings["deployRun"];
}

/** Ids of dispatched runs start here, clear of the seeded deploy runs. */
const FIRST_RUN_ID = 19_000_000_000;

export class DemoState {
  #settings: DemoSettings = { ...DEFAULT_SETTINGS };
  #counts = new Map<string, number>();
  #webhookEvents: string[] = [];
  #degradedPlansRequests = 0;
  #runs: DispatchedRun[] = [];

  /** A copy of the current settings; change them through `update`. */
  get settings(): DemoSettings {
    return { ...this.#settings };
  }

  /** Applies a validated partial update. Entering or leaving a mode restarts its request counter. */
  update(patch: DemoSettingsPatch): DemoSettings {
    const next = { ...this.#settings };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(next, { [key]: value });
    }
    if (next.mode !== this.#settings.mode) this.#degradedPlansRequests = 0;
    this.#settings = next;
    return this.settings;
  }

  /** Back to defaults, zero counts, no recorded webhook events. */
  reset(): void {
    this.#settings = { ...DEFAULT_SETTINGS };
    this.#counts.clear();
    this.#webhookEvents = [];
    this.#degradedPlansRequests = 0;
    this.#runs = [];
  }

  /** Starts a run of the deploy-convex workflow; its course is the current `deployRun`. */
  startRun(sha: string, branch: string, now = Date.now()): DispatchedRun {
    const run: DispatchedRun = {
      id: FIRST_RUN_ID + this.#runs.length + 1,
      sha,
      branch,
      createdAt: new Date(now).toISOString(),
      course: this.#settings.deployRun,
    };
    this.#runs.push(run);
    return { ...run };
  }

  /** Dispatched runs, oldest first. */
  get dispatchedRuns(): DispatchedRun[] {
    return this.#runs.map((r) => ({ ...r }));
  }

  /** Counts one request under its route key, e.g. `GET /api/health`. */
  countRequest(routeKey: string): void {
    this.#counts.set(routeKey, (this.#counts.get(routeKey) ?? 0) + 1);
  }

  /** Requests per route key since the last reset. */
  get counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /** Records an accepted webhook id; returns false when the id was already recorded (a redelivery). */
  recordWebhookEvent(id: string): boolean {
    if (this.#webhookEvents.includes(id)) return false;
    this.#webhookEvents.push(id);
    if (this.#webhookEvents.length > MAX_WEBHOOK_EVENTS) this.#webhookEvents.shift();
    return true;
  }

  /** Accepted webhook ids, oldest first. */
  get webhookEvents(): string[] {
    return [...this.#webhookEvents];
  }

  /**
   * Whether this `/api/plans` request fails in degraded mode: the 1st, 4th, 7th... since the mode
   * was entered, so any run of 3 or more samples sees an error and the pattern is reproducible.
   */
  nextPlansRequestFails(): boolean {
    const index = this.#degradedPlansRequests++;
    return index % 3 === 0;
  }

  snapshot(): DemoStateSnapshot {
    return {
      ...this.settings,
      counts: this.counts,
      webhookEvents: this.webhookEvents,
      dispatchedRuns: this.dispatchedRuns,
    };
  }
}
