/**
 * @module
 * Wall-clock time in an IANA time zone, both ways, with nothing but `Intl.DateTimeFormat`: what a clock
 * on the wall in that zone shows at an instant, and which instant a wall-clock time names there. Offsets
 * are always read from the zone's own rules at that instant, never added as a fixed number, so daylight
 * saving changes fall where the zone puts them.
 */
import type { Weekday } from "./days.ts";

const DAY_MS = 86_400_000;
const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** True when `Intl` knows `zone` as an IANA time zone name (what every runtime here evaluates with). */
export function isTimeZone(zone: string): boolean {
  if (zone === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What a wall clock and calendar in a zone show at one instant. */
export interface WallClock {
  /** @example "2026-11-27" */
  date: string;
  /** @example "10:10" */
  time: string;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// One formatter per zone: building them is the expensive part, and the widget asks every minute.
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's calendar fields at `instant` (milliseconds), as numbers. */
function fieldsAt(
  instant: number,
  zone: string,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const out = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const part of formatterFor(zone).formatToParts(instant)) {
    const n = Number(part.value);
    if (part.type === "year") out.y = n;
    else if (part.type === "month") out.mo = n;
    else if (part.type === "day") out.d = n;
    else if (part.type === "hour") out.h = n;
    else if (part.type === "minute") out.mi = n;
    else if (part.type === "second") out.s = n;
  }
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds (negative west of Greenwich). */
export function offsetAt(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const f = fieldsAt(whole, zone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - whole;
}

/** The date, the HH:MM time and the weekday a wall clock in `zone` shows at `instant`. */
export function wallClock(instant: Date | number, zone: string): WallClock {
  const f = fieldsAt(typeof instant === "number" ? instant : instant.getTime(), zone);
  const date = `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}`;
  return { date, time: `${pad(f.h)}:${pad(f.mi)}`, weekday: weekdayOf(date) };
}

/** The weekday of a calendar date `YYYY-MM-DD` (the same everywhere: it is a date, not an instant). */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS_FROM_SUNDAY[new Date(`${date}T00:00:00Z`).getUTCDay()] as Weekday;
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant at which a wall clock in `zone` shows `time` on `date`. Where the clock jumps forward
 * (a time that never happens, 02:30 on a spring-forward night) it answers the instant the same distance
 * past the jump (03:30); where it falls back (a time that happens twice) it answers the first. This is
 * what Temporal calls the "compatible" disambiguation.
 */
export function instantAt(date: string, time: string, zone: string): Date {
  const [y = 0, mo = 1, d = 1] = date.split("-").map(Number);
  const [h = 0, mi = 0] = time.split(":").map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets a day either side cover both sides of any daylight-saving change near this time.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const matches = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall);
  return new Date(matches.length > 0 ? Math.min(...matches) : wall - before);
}
