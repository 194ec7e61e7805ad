/**
 * @module
 * What the `<Monitor>` widget shows of a watch, drawn by the Function (`POST /api/monitor/view`) from the
 * series the page holds, so the page ships no drawing code: the watch's line, the window's progress, the
 * verdict, a recommended rollback or a recovery, the chart, the intervals without a sample and the table
 * of every figure; with the status line, the widget's `data-*` outcome and the verdict in UTC words (which
 * the page keeps for the deployment record).
 */
import {
  currentSlot,
  duration,
  firstBreach,
  type MonitorGap,
  type MonitorSample,
  type MonitorView,
  type MonitorWatch,
  slotCount,
  verdict,
  watchEnds,
} from "../../core/monitor.ts";
import { analyseWatch } from "../../core/monitor-analysis.ts";
import { stateSymbol, verdictText } from "../../core/verdict.ts";
import { type Markup, markup } from "../lib/markup.ts";
import { chart, sampledCheckIds } from "./chart.ts";

export interface MonitorViewInput {
  watch: MonitorWatch;
  samples: MonitorSample[];
  gaps?: MonitorGap[] | undefined;
}

const utc = (iso: string) => `${iso.slice(11, 19)} UTC`;

/** The view of a watch at `now`; `time` says a time as the reader reads it. */
export function monitorView(input: MonitorViewInput, now: number, time: (iso: string) => string): MonitorView {
  const { watch } = input;
  const samples = [...input.samples].sort((a, b) => a.slot - b.slot);
  const slots = slotCount(watch);
  const elapsed = Math.min(watch.windowMs, Math.max(0, now - Date.parse(watch.startedAt)));
  const result = verdict(watch, samples, now, time);
  const over = now >= watchEnds(watch);
  const recovered = analyseWatch(samples, Number.POSITIVE_INFINITY).verdict === "recovered";
  const breach = firstBreach(samples);
  const criteria = `p95 < ${watch.criteria.p95Ms} ms, error rate < ${watch.criteria.maxErrorRate * 100}%`;
  const body = markup`<p class="rw-meta">Watch ${watch.id} of ${watch.environment}, started ${time(watch.startedAt)} by ${watch.startedBy}: a sample every ${duration(watch.intervalMs)} for ${duration(watch.windowMs)}, against ${criteria}.</p><label class="rw-meta rw-monitor-progress">${Math.floor(elapsed / 60_000)} min ${Math.floor(elapsed / 1000) % 60} s of ${duration(watch.windowMs)} <progress max="${watch.windowMs}" value="${elapsed}" data-progress></progress></label>${
    result
      ? markup`<p class="rw-summary" data-verdict="${result.state}">${stateSymbol[result.state]} ${result.text}</p>`
      : ""
  }${
    watch.verdict
      ? markup`<p class="rw-summary" data-verdict="fail" data-recommended>${stateSymbol.fail} Roll back recommended (${time(watch.verdict.at)}): ${watch.verdict.reason}. <a href="/rollback/?env=${encodeURIComponent(watch.environment)}">Rollback page</a>${watch.autoRollback ? ` ${watch.autoRollback}` : ""}</p>`
      : recovered
        ? markup`<p class="rw-meta" data-recovered>Recovered: the breach cleared; the latest samples are within the criteria.</p>`
        : ""
  }${chart(watch, samples, time)}${gapList(watch, samples, input.gaps ?? [], now, time)}<details class="rw-monitor-table"><summary>The figures as a table (${samples.length} samples)</summary><div class="rw-table-scroll" role="region" aria-label="Monitor samples" tabindex="0">${table(samples, time)}</div></details>`;
  const verdictUtc = verdict(watch, samples, now, utc) ?? null;
  return {
    environment: watch.environment,
    watch: watch.id,
    html: body.toString(),
    status: over
      ? {
          state: result?.state ?? "pass",
          text: `Watch over · ${result?.state === "fail" ? "breached" : "within the criteria"}`,
        }
      : {
          state: breach ? "fail" : "pass",
          text: `Watching ${watch.environment} · sample ${samples.length} of ${slots} · ${breach ? "breached" : "within the criteria so far"}`,
        },
    outcome: over ? (result?.state ?? "pass") : result ? "breach" : "watching",
    recommendation: watch.verdict ? "rollback" : recovered ? "recovered" : "none",
    breached: breach !== undefined,
    samples: samples.length,
    verdictUtc,
  };
}

/** Intervals already past with no sample, each with why (the Worker's reason, else no sampler ran). */
function gapList(
  watch: MonitorWatch,
  samples: MonitorSample[],
  gaps: MonitorGap[],
  now: number,
  time: (iso: string) => string,
): Markup | string {
  const taken = new Set(samples.map((s) => s.slot));
  const past = now >= watchEnds(watch) ? slotCount(watch) : currentSlot(watch, now);
  const items: Markup[] = [];
  for (let slot = 0; slot < past; slot += 1) {
    if (taken.has(slot)) continue;
    const at = new Date(Date.parse(watch.startedAt) + slot * watch.intervalMs).toISOString();
    const why =
      gaps.find((g) => g.slot === slot)?.reason ?? "no sampler ran in this interval (the watch Worker was not reached)";
    items.push(markup`<li data-gap="${slot}">Interval ${slot + 1} (${time(at)}): no sample, ${why}</li>`);
  }
  return items.length ? markup`<ul class="rw-meta" aria-label="Intervals without a sample">${items}</ul>` : "";
}

function table(samples: MonitorSample[], time: (iso: string) => string): Markup {
  const ids = sampledCheckIds(samples);
  const head = ["Sample", "Time", "Result", "p95", "Error rate", "Breached", ...ids];
  return markup`<table class="rw-assertions"><thead><tr>${head.map((t) => markup`<th scope="col">${t}</th>`)}</tr></thead><tbody>${samples.map(
    (p) =>
      markup`<tr data-status="${p.status}" data-slot="${p.slot}"><th scope="row">${p.slot + 1}</th><td>${time(p.at)}</td><td>${verdictText(p.status)}</td><td>${p.p95Ms} ms</td><td>${Math.round(p.errorRate * 1000) / 10}%</td><td>${p.breached.join(", ") || "none"}</td>${ids.map(
        (id) => {
          const c = p.checks.find((k) => k.id === id);
          return markup`<td>${c ? `${stateSymbol[c.status]} ${c.status} · ${c.p95Ms} ms` : "–"}</td>`;
        },
      )}</tr>`,
  )}</tbody></table>`;
}
