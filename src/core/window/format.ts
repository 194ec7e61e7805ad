/**
 * @module
 * The deployment window in words, the same for the widget (server HTML and browser) and the CLI:
 * day lists, wall-clock times and spans in a zone, durations. Fixed English, never the runtime's locale,
 * so the site, a terminal and a test read the same text.
 */
import type { DeployWindow } from "../config/deploy-window.ts";
import { type Weekday, weekdays } from "./days.ts";
import { wallClock, weekdayOf } from "./zone.ts";

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Tue" for "tue". */
export function shortDay(day: Weekday): string {
  return WEEKDAY_NAMES[day].slice(0, 3);
}

/** Days in week order, runs of three or more joined with a dash: "Tue–Thu", "Mon, Wed". */
export function formatDays(days: readonly Weekday[], name: (d: Weekday) => string = shortDay): string {
  const sorted = weekdays.filter((d) => days.includes(d));
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      weekdays.indexOf(sorted[j + 1] as Weekday) === weekdays.indexOf(sorted[j] as Weekday) + 1
    )
      j += 1;
    const first = sorted[i] as Weekday;
    const last = sorted[j] as Weekday;
    if (j - i >= 2) parts.push(`${name(first)}–${name(last)}`);
    else for (const d of sorted.slice(i, j + 1)) parts.push(name(d));
    i = j + 1;
  }
  return parts.join(", ");
}

/** Avoided days as the runbook says them: "Fridays, weekends". */
export function formatAvoidDays(days: readonly Weekday[]): string {
  const weekend = days.includes("sat") && days.includes("sun");
  const rest = weekdays.filter((d) => days.includes(d) && !(weekend && (d === "sat" || d === "sun")));
  return [...rest.map((d) => `${WEEKDAY_NAMES[d]}s`), ...(weekend ? ["weekends"] : [])].join(", ");
}

/** "20:00–07:00" */
export function formatHours(span: { start: string; end: string }): string {
  return `${span.start}–${span.end}`;
}

/** The rules in words, one sentence each, for HTML without JavaScript and for the reference docs. */
export function describeRules(rules: DeployWindow): { best: string; avoid: string; announce: string } {
  const avoid = [formatAvoidDays(rules.avoidDays), "holidays", `late nights (${formatHours(rules.lateNight)})`].filter(
    Boolean,
  );
  return {
    best: `${formatDays(rules.best.days, (d) => WEEKDAY_NAMES[d])}, ${formatHours(rules.best)} (${rules.timeZone})`,
    avoid: avoid.join(", "),
    announce: `maintenance windows ${rules.announceHours} hours in advance`,
  };
}

/** "Fri 10:10" on a wall clock in `zone`. */
export function formatClock(instant: Date | number, zone: string): string {
  const w = wallClock(instant, zone);
  return `${shortDay(w.weekday)} ${w.time}`;
}

/** "Tue 1 Dec" on the calendar of `zone`. */
export function formatDay(instant: Date | number, zone: string): string {
  const w = wallClock(instant, zone);
  const [, month = 1, day = 1] = w.date.split("-").map(Number);
  return `${shortDay(w.weekday)} ${day} ${MONTHS[month - 1]}`;
}

/** A calendar date as a person reads it: "Thu 26 Nov 2026" for "2026-11-26". */
export function formatDate(date: string): string {
  const [year, month = 1, day = 1] = date.split("-").map(Number);
  return `${shortDay(weekdayOf(date))} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** A span on the wall clock of `zone`: "Tue 1 Dec 10:00–14:00", or "Mon 30 Nov 23:00 – Tue 1 Dec 03:00" across midnight. */
export function formatSpan(span: { start: string | Date; end: string | Date }, zone: string): string {
  const start = new Date(span.start);
  const end = new Date(span.end);
  const a = wallClock(start, zone);
  const b = wallClock(end, zone);
  if (a.date === b.date) return `${formatDay(start, zone)} ${a.time}–${b.time}`;
  return `${formatDay(start, zone)} ${a.time} – ${formatDay(end, zone)} ${b.time}`;
}

/** A coarse duration: "3 d 4 h", "2 h 5 min", "45 min", "less than a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "less than a minute";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}
