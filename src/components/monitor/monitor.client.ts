import {
  currentSlot,
  type MonitorGap,
  type MonitorSample,
  type MonitorWatch,
  slotCount,
  watchEnds,
} from "../../core/monitor.ts";
import { callApi } from "../shared/api.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { type Lifecycle, lifecycle } from "../shared/lifecycle.ts";
import { type MonitorSeriesAnswer, monitorSample, monitorSeries } from "../shared/monitor-shapes.ts";
import { monitorView } from "../shared/monitor-view-shape.ts";
import { drawn, reader } from "../shared/panel.ts";
import { showStatus, type WidgetState } from "../shared/status.ts";
import { storageKeys } from "../shared/storage-keys.ts";

type Series = MonitorSeriesAnswer;

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
  /** Counts drawings asked of the Function: only the newest is shown. */
  #drawing = 0;

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
    this.#drawing += 1;
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
    else void this.render();
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
    void this.render(answer.ok ? undefined : answer.message);
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
    void this.render(series.ok ? undefined : series.message);
    const slotStart = Date.parse(watch.startedAt) + (currentSlot(watch, Date.now()) + 1) * watch.intervalMs;
    // Time for the Worker's sampling to land; after the window, one last read for the final slot.
    const next = Math.min(slotStart, watchEnds(watch)) + Math.min(1000, watch.intervalMs / 2);
    if (Date.now() < watchEnds(watch) + watch.intervalMs)
      this.#timer = setTimeout(() => void this.tick(), Math.max(250, next - Date.now()));
  }

  /**
   * Shows the series as the Function draws it (`POST /api/monitor/view`: the page ships no drawing code),
   * in the reader's time; the newest drawing wins. Keeps the series in this browser with its verdict in
   * UTC words, so the deployment record can quote it without the monitor's code.
   */
  async render(problem?: string): Promise<void> {
    const watch = this.#watch;
    const body = this.querySelector<HTMLElement>("[data-body]");
    if (!watch || !body) return;
    const samples = [...this.#samples.values()].sort((a, b) => a.slot - b.slot);
    // What pressing the button does is known here, before the drawing comes back.
    this.label(Date.now() < watchEnds(watch));
    const drawing = ++this.#drawing;
    const answer = await callApi("/api/monitor/view", monitorView, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ watch, samples, gaps: this.#gaps, ...reader() }),
    });
    if (drawing !== this.#drawing || !this.#watch) return;
    const verdictUtc = answer.ok ? answer.data.verdictUtc : null;
    try {
      localStorage.setItem(
        storageKeys.monitor(watch.environment),
        JSON.stringify({ watch, samples, ...(verdictUtc && { verdict: verdictUtc }) }),
      );
    } catch {
      // Storage full or refused: the chart still shows; it just won't survive a reload without D1.
    }
    if (!answer.ok) return this.show("error", problem ?? answer.message);
    const view = answer.data;
    const data = this.dataset;
    data.recommendation = view.recommendation;
    data.environment = view.environment;
    data.watch = String(view.watch);
    data.samples = String(view.samples);
    data.outcome = view.outcome;
    this.mark(view.breached);
    if (problem) this.show("error", problem);
    else this.show(view.status.state, view.status.text);
    body.replaceChildren(drawn(view.html));
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
        link.href = this.dataset.breachIcon ?? link.href;
      }
    } else {
      document.title = this.#title;
      if (link && this.#icon !== null) link.href = this.#icon;
      this.#icon = null;
    }
  }
}

if (!customElements.get("runbook-monitor")) customElements.define("runbook-monitor", RunbookMonitor);
