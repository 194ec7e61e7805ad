/**
 * @module
 * "Is now a good time to deploy?" as a pure function of an instant and the `deployWindow` rules.
 * No clock is read here: the widget passes the browser's, the CLI its own (or `RUNBOOK_NOW` in tests).
 */
import type { DeployWindow } from "../config/deploy-window.ts";
import type { Weekday } from "./days.ts";
import { formatDays, formatHours, WEEKDAY_NAMES } from "./format.ts";
import { addDays, instantAt, type WallClock, wallClock, weekdayOf } from "./zone.ts";

/** `best`: inside the recommended window; `ok`: acceptable, outside it; `avoid`: a rule says not now. */
export type Verdict = "best" | "ok" | "avoid";

/** A best window as two instants (ISO 8601, UTC). */
export interface WindowSpan {
  start: string;
  end: string;
}

export interface WindowEvaluation {
  verdict: Verdict;
  /** Why, in words: "Friday", "holiday: Thanksgiving", "late night (20:00–07:00)", "before the best hours (10:00–14:00)". */
  reasons: string[];
  /** The team's IANA time zone the rules are in. */
  timeZone: string;
  /** Date, time and weekday on the team's wall clock. */
  local: WallClock;
  /** The best window going on now, else the next one to start; null when none falls within a year. */
  next: WindowSpan | null;
}

// A year and a bit: a best window exists every week unless holidays fill a whole year.
const SEARCH_DAYS = 400;

/** Whether a wall-clock HH:MM time falls in [start, end), which may run past midnight. */
function inHours(time: string, span: { start: string; end: string }): boolean {
  return span.start < span.end ? time >= span.start && time < span.end : time >= span.start || time < span.end;
}

/** The holiday on a team-zone calendar date, if any. */
export function holidayOn(date: string, rules: DeployWindow): { date: string; name: string } | undefined {
  return rules.holidays.find((h) => h.date === date);
}

/** Whether the best window opens on this team-zone date at all (a best day, not avoided, not a holiday). */
function bestDay(date: string, weekday: Weekday, rules: DeployWindow): boolean {
  return rules.best.days.includes(weekday) && !rules.avoidDays.includes(weekday) && !holidayOn(date, rules);
}

/** The best window that is open at `now`, else the next one to open; each computed on the team's wall clock. */
export function nextBestWindow(now: Date, rules: DeployWindow): WindowSpan | null {
  const today = wallClock(now, rules.timeZone).date;
  const zone = rules.timeZone;
  for (let i = 0; i < SEARCH_DAYS; i += 1) {
    // Calendar arithmetic on the date itself: a day is a day, however long the zone makes it.
    const date = addDays(today, i);
    if (!bestDay(date, weekdayOf(date), rules)) continue;
    const start = instantAt(date, rules.best.start, zone);
    const end = instantAt(date, rules.best.end, zone);
    if (end.getTime() > now.getTime()) return { start: start.toISOString(), end: end.toISOString() };
  }
  return null;
}

/** The verdict for `now`, why, the team's wall clock, and the best window open now or next. */
export function evaluateWindow(now: Date, rules: DeployWindow): WindowEvaluation {
  if (Number.isNaN(now.getTime())) throw new RangeError("[deployWindow] evaluateWindow needs a valid date for `now`");
  const local = wallClock(now, rules.timeZone);
  const avoid: string[] = [];
  if (rules.avoidDays.includes(local.weekday)) avoid.push(WEEKDAY_NAMES[local.weekday]);
  const holiday = holidayOn(local.date, rules);
  if (holiday) avoid.push(`holiday: ${holiday.name}`);
  if (inHours(local.time, rules.lateNight)) avoid.push(`late night (${formatHours(rules.lateNight)})`);

  let verdict: Verdict;
  let reasons: string[];
  const hours = formatHours(rules.best);
  if (avoid.length > 0) {
    verdict = "avoid";
    reasons = avoid;
  } else if (!rules.best.days.includes(local.weekday)) {
    verdict = "ok";
    reasons = [`${WEEKDAY_NAMES[local.weekday]} is not a best day (${formatDays(rules.best.days)})`];
  } else if (!inHours(local.time, rules.best)) {
    verdict = "ok";
    reasons = [`${local.time < rules.best.start ? "before" : "after"} the best hours (${hours})`];
  } else {
    verdict = "best";
    reasons = [`inside the best window (${formatDays(rules.best.days)} ${hours})`];
  }
  return { verdict, reasons, timeZone: rules.timeZone, local, next: nextBestWindow(now, rules) };
}
