import {
  currentSlot,
  duration,
  firstBreach,
  type MonitorGap,
  type MonitorSample,
  type MonitorWatch,
  slotCount,
  verdict,
  watchEnds,
} from "../../core/monitor.ts";
import { analyseWatch } from "../../core/monitor-analysis.ts";
import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { type Lifecycle, lifecycle } from "../shared/lifecycle.ts";
import { type MonitorSeriesAnswer, monitorSample, monitorSeries } from "../shared/monitor-shapes.ts";
import { showStatus, stateSymbol, type WidgetState } from "../shared/status.ts";
import { storageKeys } from "../shared/storage-keys.ts";
import { scrollTable } from "../shared/table.ts";
import { clockTime } from "../shared/time.ts";
import { verdictText } from "../shared/verdict.ts";
import { chart } from "./chart.ts";

type Series = MonitorSeriesAnswer;

const BREACH_ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23d32f2f'/%3E%3Cpath d='M5 5l6 6M11 5l-6 6' stroke='white' stroke-width='2'/%3E%3C/svg%3E";

/** `<runbook-monitor>`: starts or joins the environment's watch, samples each interval, draws the series. */
class RunbookMonitor extends HTMLElement {
  #watch: MonitorWatch | undefined;
  #sampler: Series["sampler"];
  #samples = new Map<number, MonitorSample>();
  #gaps: MonitorGap[] = [];
  /** Slots below this were looked for in the stored series already. */
  #checked = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #env = "";
  #title = document.title;
  #icon: string | null = null;
  #life: Lifecycle | undefined;

  connectedCallback(): void {
    const button = this.querySelector<HTMLButtonElement>("[data-run]");
    const status = this.querySelector<HTMLElement>("[data-status]");
    if (!button || !status) return;
    button.hidden = false;
    status.hidden = false;
    this.#life = lifecycle(this, status, button);
    this.#life.onPress(() => this.start());
    onEnvironmentChange(() => void this.load());
    void this.load();
  }

  show(state: WidgetState, text: string): void {
    showStatus(this, this.querySelector("[data-status]"), state, text);
  }

  /** Shows the environment's latest watch (the team's, from D1, else this browser's) and resumes it if it runs. */
  async load(): Promise<void> {
    clearTimeout(this.#timer);
    this.#env = currentEnvironment() ?? "demo";
    this.#watch = undefined;
    this.#samples.clear();
    this.mark(false);
    const env = this.#env;
    // The newest read wins: a switch while this one reads drops its answer.
    const newest = await this.#life?.read(() => callApi(`/api/monitor?env=${encodeURIComponent(env)}`, monitorSeries));
    if (!newest) return;
    const answer = newest.answer;
    let series: Series | undefined = answer.ok ? answer.data : undefined;
    if (!series?.watch) series = this.saved() ?? series;
    if (!series?.watch) {
      this.label(false);
      this.show(answer.ok ? "idle" : "error", answer.ok ? `Not watching ${this.#env}` : answer.message);
      this.querySelector("[data-body]")?.replaceChildren();
      return;
    }
    this.take(series);
    if (Date.now() < watchEnds(series.watch)) void this.tick();
    else this.render();
  }

  saved(): Series | undefined {
    try {
      return JSON.parse(localStorage.getItem(storageKeys.monitor(this.#env)) ?? "null") ?? undefined;
    } catch {
      return undefined;
    }
  }

  take(series: Series): void {
    if (series.watch && series.watch.id !== this.#watch?.id) {
      this.#samples.clear();
      this.#checked = 0;
    }
    this.#watch = series.watch ?? undefined;
    this.#sampler = series.sampler;
    this.#gaps = series.gaps ?? [];
    for (const sample of series.samples) this.#samples.set(sample.slot, sample);
  }

  async start(): Promise<void> {
    const env = currentEnvironment() ?? "demo";
    this.#env = env;
    // Demo environments only (the Function refuses it elsewhere): `?monitor-interval=2&monitor-window=20` on the page.
    const page = new URLSearchParams(location.search);
    const demo = document.querySelector<HTMLOptionElement>(`runbook-env-picker option[value="${CSS.escape(env)}"]`)
      ?.dataset.demo;
    const following = this.#watch?.environment === env && Date.now() < watchEnds(this.#watch);
    let query = `env=${encodeURIComponent(env)}${following ? "&restart=true" : ""}`;
    for (const name of ["interval", "window"]) {
      const value = page.get(`monitor-${name}`);
      if (value && demo === "true") query += `&${name}=${encodeURIComponent(value)}`;
    }
    this.show("running", following ? `Restarting the watch of ${env}…` : `Starting a watch of ${env}…`);
    const newest = await this.#life?.read(() => callApi(`/api/monitor?${query}`, monitorSeries, { method: "POST" }));
    if (!newest) return;
    const answer = newest.answer;
    if (!answer.ok) return this.show("error", answer.message);
    clearTimeout(this.#timer);
    this.mark(false);
    this.take(answer.data);
    await this.tick();
  }

  /** Takes (or reads) this interval's sample, then waits for the next slot. */
  async tick(): Promise<void> {
    const watch = this.#watch;
    if (!watch) return;
    if (this.#sampler === "worker") return this.read(watch);
    const answer = await callApi(
      `/api/monitor/sample?env=${encodeURIComponent(watch.environment)}&watch=${watch.id}`,
      monitorSample,
      { method: "POST" },
    );
    if (watch !== this.#watch) return;
    if (answer.ok) {
      const { sample, slot, done } = answer.data;
      if (sample) this.#samples.set(sample.slot, sample);
      // Slots taken while this page was away (a sleeping laptop, a throttled tab, another reader's sampling
      // before this page loaded), and once at the end: the series from the Function. Each slot is looked for once.
      const upTo = done ? slotCount(watch) : slot;
      let gap = done;
      for (let s = this.#checked; s < upTo; s += 1) gap ||= !this.#samples.has(s);
      this.#checked = Math.max(this.#checked, upTo);
      if (gap) {
        const series = await callApi(
          `/api/monitor?env=${encodeURIComponent(watch.environment)}&watch=${watch.id}`,
          monitorSeries,
        );
        if (series.ok && watch.id === this.#watch?.id) this.take(series.data);
      }
    }
    this.render(answer.ok ? undefined : answer.message);
    const next = Date.parse(watch.startedAt) + (currentSlot(watch, Date.now()) + 1) * watch.intervalMs + 250;
    if (next - 250 <= watchEnds(watch)) this.#timer = setTimeout(() => void this.tick(), next - Date.now());
  }

  /** The watch Worker samples: read the series shortly after each slot starts, until the window is over. */
  async read(watch: MonitorWatch): Promise<void> {
    const series = await callApi(
      `/api/monitor?env=${encodeURIComponent(watch.environment)}&watch=${watch.id}`,
      monitorSeries,
    );
    if (watch.id !== this.#watch?.id || watch.environment !== this.#env) return;
    if (series.ok) this.take(series.data);
    this.render(series.ok ? undefined : series.message);
    const slotStart = Date.parse(watch.startedAt) + (currentSlot(watch, Date.now()) + 1) * watch.intervalMs;
    // Time for the Worker's sampling to land; after the window, one last read for the final slot.
    const next = Math.min(slotStart, watchEnds(watch)) + Math.min(1000, watch.intervalMs / 2);
    if (Date.now() < watchEnds(watch) + watch.intervalMs)
      this.#timer = setTimeout(() => void this.tick(), Math.max(250, next - Date.now()));
  }

  render(problem?: string): void {
    const watch = this.#watch;
    const body = this.querySelector<HTMLElement>("[data-body]");
    if (!watch || !body) return;
    const samples = [...this.#samples.values()].sort((a, b) => a.slot - b.slot);
    try {
      // With the verdict in UTC words, so the deployment record can quote it without the monitor's code.
      const verdictUtc = verdict(watch, samples, Date.now(), (iso) => `${iso.slice(11, 19)} UTC`);
      localStorage.setItem(
        storageKeys.monitor(watch.environment),
        JSON.stringify({ watch, samples, ...(verdictUtc && { verdict: verdictUtc }) }),
      );
    } catch {
      // Storage full or refused: the chart still shows; it just won't survive a reload without D1.
    }
    const now = Date.now();
    const slots = slotCount(watch);
    const elapsed = Math.min(watch.windowMs, Math.max(0, now - Date.parse(watch.startedAt)));
    const result = verdict(watch, samples, now, clockTime);
    const over = now >= watchEnds(watch);
    this.label(!over);
    const analysis = analyseWatch(samples, Number.POSITIVE_INFINITY);
    this.dataset.recommendation = watch.verdict ? "rollback" : analysis.verdict === "recovered" ? "recovered" : "none";
    this.dataset.environment = watch.environment;
    this.dataset.watch = String(watch.id);
    this.dataset.samples = String(samples.length);
    this.dataset.outcome = over ? (result?.state ?? "pass") : result ? "breach" : "watching";
    const breach = firstBreach(samples);
    this.mark(breach !== undefined);
    if (problem) this.show("error", problem);
    else if (over)
      this.show(
        result?.state ?? "pass",
        `Watch over · ${result?.state === "fail" ? "breached" : "within the criteria"}`,
      );
    else
      this.show(
        breach ? "fail" : "pass",
        `Watching ${watch.environment} · sample ${samples.length} of ${slots} · ${breach ? "breached" : "within the criteria so far"}`,
      );
    const criteria = `p95 < ${watch.criteria.p95Ms} ms, error rate < ${watch.criteria.maxErrorRate * 100}%`;
    body.replaceChildren(
      h(
        "p",
        { class: "rw-meta" },
        `Watch ${watch.id} of ${watch.environment}, started ${clockTime(watch.startedAt)} by ${watch.startedBy}: a sample every ${duration(watch.intervalMs)} for ${duration(watch.windowMs)}, against ${criteria}.`,
      ),
      h(
        "label",
        { class: "rw-meta rw-monitor-progress" },
        `${Math.floor(elapsed / 60_000)} min ${Math.floor(elapsed / 1000) % 60} s of ${duration(watch.windowMs)} `,
        h("progress", { max: String(watch.windowMs), value: String(elapsed), "data-progress": "" }),
      ),
      result
        ? h("p", { class: "rw-summary", "data-verdict": result.state }, `${stateSymbol[result.state]} ${result.text}`)
        : "",
      watch.verdict
        ? h(
            "p",
            { class: "rw-summary", "data-verdict": "fail", "data-recommended": "" },
            `${stateSymbol.fail} Roll back recommended (${clockTime(watch.verdict.at)}): ${watch.verdict.reason}. `,
            h("a", { href: `/rollback/?env=${encodeURIComponent(watch.environment)}` }, "Rollback page"),
            watch.autoRollback ? ` ${watch.autoRollback}` : "",
          )
        : analysis.verdict === "recovered"
          ? h(
              "p",
              { class: "rw-meta", "data-recovered": "" },
              "Recovered: the breach cleared; the latest samples are within the criteria.",
            )
          : "",
      chart(watch, samples, clockTime),
      gapList(watch, samples, this.#gaps, now),
      h(
        "details",
        { class: "rw-monitor-table" },
        h("summary", {}, `The figures as a table (${samples.length} samples)`),
        scrollTable("Monitor samples", table(samples)),
      ),
    );
  }

  /** The button says what pressing it does: start a watch, or restart the running one this page follows. */
  label(running: boolean): void {
    const button = this.querySelector<HTMLButtonElement>("[data-run]");
    if (button) button.textContent = running ? "Restart the watch" : "Start watching";
  }

  /** A breach shows in the tab's title and favicon, so a background tab says it too. */
  mark(breached: boolean): void {
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (breached) {
      if (!document.title.startsWith("✗")) this.#title = document.title;
      document.title = `✗ Breach · ${this.#title}`;
      if (link && this.#icon === null) {
        this.#icon = link.href;
        link.href = BREACH_ICON;
      }
    } else {
      document.title = this.#title;
      if (link && this.#icon !== null) link.href = this.#icon;
      this.#icon = null;
    }
  }
}

/** Intervals already past with no sample, each with why (the Worker's reason, else no sampler ran). */
function gapList(watch: MonitorWatch, samples: MonitorSample[], gaps: MonitorGap[], now: number): HTMLElement | string {
  const taken = new Set(samples.map((s) => s.slot));
  const past = now >= watchEnds(watch) ? slotCount(watch) : currentSlot(watch, now);
  const items: HTMLElement[] = [];
  for (let slot = 0; slot < past; slot += 1) {
    if (taken.has(slot)) continue;
    const at = new Date(Date.parse(watch.startedAt) + slot * watch.intervalMs).toISOString();
    const why =
      gaps.find((g) => g.slot === slot)?.reason ?? "no sampler ran in this interval (the watch Worker was not reached)";
    items.push(h("li", { "data-gap": String(slot) }, `Interval ${slot + 1} (${clockTime(at)}): no sample, ${why}`));
  }
  return items.length ? h("ul", { class: "rw-meta", "aria-label": "Intervals without a sample" }, ...items) : "";
}

function table(samples: MonitorSample[]): HTMLElement {
  const ids = [...new Set(samples.flatMap((p) => p.checks.map((c) => c.id)))];
  const head = ["Sample", "Time", "Result", "p95", "Error rate", "Breached", ...ids];
  return h(
    "table",
    { class: "rw-assertions" },
    h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...samples.map((p) =>
        h(
          "tr",
          { "data-status": p.status, "data-slot": String(p.slot) },
          h("th", { scope: "row" }, String(p.slot + 1)),
          h("td", {}, clockTime(p.at)),
          h("td", {}, verdictText(p.status)),
          h("td", {}, `${p.p95Ms} ms`),
          h("td", {}, `${Math.round(p.errorRate * 1000) / 10}%`),
          h("td", {}, p.breached.join(", ") || "none"),
          ...ids.map((id) => {
            const c = p.checks.find((k) => k.id === id);
            return h("td", {}, c ? `${stateSymbol[c.status]} ${c.status} · ${c.p95Ms} ms` : "–");
          }),
        ),
      ),
    ),
  );
}

if (!customElements.get("runbook-monitor")) customElements.define("runbook-monitor", RunbookMonitor);
