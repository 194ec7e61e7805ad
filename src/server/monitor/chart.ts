/**
 * @module
 * The monitor's chart as SVG markup, drawn by the Function (`POST /api/monitor/view`) so the page ships
 * no drawing code: p95 response time and error rate per sample against the Success Criteria lines, the
 * first breach marked, and a pass/warn/fail strip per check. Colours come from classes styled by
 * `Monitor.astro`, so both themes apply; the same figures are in the table beside it for screen readers
 * and keyboard users. Every value is escaped (`lib/markup.ts`).
 */
import { firstBreach, type MonitorSample, type MonitorWatch, slotCount } from "../../core/monitor.ts";
import { type Markup, markup } from "../lib/markup.ts";

const W = 400;
const LEFT = 44;
const RIGHT = 8;
const PLOT = 70;
const GAP = 22;
const ROW = 11;

const round = (n: number) => Math.round(n * 10) / 10;

/** The checks the samples hold, in the order they first appear: the chart's strips and the table's columns. */
export const sampledCheckIds = (samples: readonly MonitorSample[]) => [
  ...new Set(samples.flatMap((p) => p.checks.map((c) => c.id))),
];

/** One plot: a series against its limit, with the y axis's top and the limit labelled. */
function plot(
  top: number,
  samples: MonitorSample[],
  x: (slot: number) => number,
  value: (s: MonitorSample) => number,
  limit: number,
  label: (n: number) => string,
  name: string,
): Markup {
  const max = Math.max(limit * 1.5, ...samples.map(value)) * 1.05;
  const y = (v: number) => round(top + PLOT - (v / max) * PLOT);
  const points = samples.map((p) => `${x(p.slot)},${y(value(p))}`).join(" ");
  return markup`<g data-plot="${name}"><text x="0" y="${top + 8}" class="rw-chart-label">${label(max)}</text><text x="0" y="${top + PLOT}" class="rw-chart-label">0</text><line x1="${LEFT}" x2="${W - RIGHT}" y1="${top + PLOT}" y2="${top + PLOT}" class="rw-chart-axis"></line><line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(limit)}" y2="${y(limit)}" class="rw-chart-limit" data-limit="${limit}"></line><text x="${LEFT + 2}" y="${y(limit) - 3}" class="rw-chart-label">limit ${label(limit)}</text><polyline points="${points}" class="rw-chart-line"></polyline>${samples.map(
    (p) =>
      markup`<circle cx="${x(p.slot)}" cy="${y(value(p))}" r="3" class="rw-chart-dot" data-slot="${p.slot}" data-status="${p.status}"><title>Sample ${p.slot + 1}: ${label(value(p))}</title></circle>`,
  )}</g>`;
}

/** The chart for a watch and its samples so far; `time` says a sample's time as the reader reads it. */
export function chart(watch: MonitorWatch, list: readonly MonitorSample[], time: (iso: string) => string): Markup {
  const samples = [...list].sort((a, b) => a.slot - b.slot);
  const slots = slotCount(watch);
  const step = (W - LEFT - RIGHT) / slots;
  const x = (slot: number) => round(LEFT + (slot + 0.5) * step);
  const checks = sampledCheckIds(samples);
  const stripTop = 2 * PLOT + 2 * GAP;
  const height = stripTop + checks.length * ROW + 4;
  const breach = firstBreach(samples);
  const latest = samples.at(-1);
  const summary = latest
    ? `${samples.length} of ${slots} samples. Latest at ${time(latest.at)}: p95 ${latest.p95Ms} ms, error rate ${round(latest.errorRate * 100)}%. ${breach ? `First breach at sample ${breach.slot + 1}.` : "No breach."}`
    : "No samples yet.";
  const cell = Math.min(step, 12);
  return markup`<svg viewBox="0 0 ${W} ${height}" class="rw-chart" role="img" aria-label="${`Response time (p95) and error rate against the success criteria. ${summary} The table below has every figure.`}"${breach ? markup` data-breach-slot="${breach.slot}"` : ""}><text x="${LEFT}" y="10" class="rw-chart-label">p95 response time</text>${plot(
    14,
    samples,
    x,
    (p) => p.p95Ms,
    watch.criteria.p95Ms,
    (n) => `${Math.round(n)} ms`,
    "p95",
  )}<text x="${LEFT}" y="${PLOT + GAP + 10}" class="rw-chart-label">error rate</text>${plot(
    PLOT + GAP + 14,
    samples,
    x,
    (p) => p.errorRate * 100,
    watch.criteria.maxErrorRate * 100,
    (n) => `${round(n)}%`,
    "errorRate",
  )}${
    breach
      ? markup`<line x1="${x(breach.slot)}" x2="${x(breach.slot)}" y1="12" y2="${stripTop - 4}" class="rw-chart-breach" data-breach="${breach.slot}"></line>`
      : ""
  }${checks.map(
    (id, row) =>
      markup`<g data-strip="${id}"><text x="0" y="${stripTop + row * ROW + 8}" class="rw-chart-label">${id.slice(0, 10)}</text>${samples.map(
        (p) => {
          const status = p.checks.find((k) => k.id === id)?.status;
          return markup`<rect x="${round(x(p.slot) - cell / 2 + 0.5)}" y="${stripTop + row * ROW}" width="${round(Math.max(1, cell - 1))}" height="${ROW - 2}" class="rw-chart-cell" data-status="${status ?? "none"}"><title>${id}, sample ${p.slot + 1}: ${status ?? "not sampled"}</title></rect>`;
        },
      )}</g>`,
  )}</svg>`;
}
