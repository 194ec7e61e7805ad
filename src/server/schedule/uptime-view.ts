/**
 * @module
 * The Status widget's body, drawn by the Function (`GET /api/uptime/view`) from the uptime answer, so
 * the page ships no drawing code: the schedule's line, and per check its figures, its history strip (one
 * square per recent run, each named for screen readers) and its last run, last failure and open
 * incident. Times are the reader's (`lib/reader-time.ts`); every value is escaped.
 */
import type { CheckUptime, UptimeAnswer, UptimeView } from "../../core/uptime/schemas.ts";
import { stateSymbol } from "../../core/verdict.ts";
import { type Markup, markup } from "../lib/markup.ts";
import { figuresLine, statusVerdict } from "./status-words.ts";

type Time = (iso: string) => string;

const UP = new Set(["pass", "warn"]);

const fact = (label: string, value: string) => markup`<div class="rw-fact"><dt>${label}</dt><dd>${value}</dd></div>`;

function strip(check: CheckUptime, time: Time): Markup {
  return markup`<ol class="rw-status-strip" aria-label="${`Latest ${check.history.length} runs of ${check.check}, oldest first`}">${check.history.map(
    (run) =>
      markup`<li data-status="${run.status}" title="${`${time(run.at)}: ${run.status}`}"><span class="sr-only">${time(run.at)} ${run.status}</span></li>`,
  )}</ol>`;
}

function row(check: CheckUptime, time: Time): Markup {
  const last = check.lastRun;
  const state = last ? (UP.has(last.status) ? "pass" : "fail") : "idle";
  const incident = check.openIncident;
  return markup`<li data-check="${check.check}" data-state="${state}"><strong>${stateSymbol[state]} ${check.title}</strong><p class="rw-meta">${figuresLine(check)}</p>${strip(check, time)}<dl class="rw-facts">${fact(
    "Last run",
    last ? `${time(last.at)}: ${last.status}${last.latencyMs === null ? "" : `, ${last.latencyMs} ms`}` : "none yet",
  )}${check.lastFailure ? fact("Last failure", `${time(check.lastFailure.at)}: ${check.lastFailure.error ?? check.lastFailure.status}`) : ""}${
    incident
      ? fact(
          "Incident",
          `open since ${time(incident.openedAt)}, ${incident.failures} failed runs: ${incident.lastError ?? ""}`,
        )
      : ""
  }</dl></li>`;
}

/** The Status widget's view of an uptime answer, with times as `time` says them. */
export function uptimeView(answer: UptimeAnswer, time: Time): UptimeView {
  const body = answer.schedule
    ? markup`<p class="rw-meta">Every ${answer.schedule.everySeconds} s; an incident opens after ${answer.schedule.openAfter} failed runs in a row and resolves after ${answer.schedule.resolveAfter} passing.</p><ul class="rw-status-checks">${answer.checks.map((c) => row(c, time))}</ul>`
    : markup`<p class="rw-desc">This environment has no schedule in runbook.config.json.</p>`;
  return {
    environment: answer.environment,
    checkedAt: answer.checkedAt,
    durationMs: answer.durationMs,
    verdict: statusVerdict(answer),
    html: body.toString(),
  };
}
