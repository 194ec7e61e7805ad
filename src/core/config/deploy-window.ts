/**
 * @module
 * `deployWindow` in runbook.config.json: when a production deploy is best, acceptable or to be avoided
 * (runbook: Deployment Schedule). Every default is the source runbook's own rule, so `{}` is a complete
 * config; only the team's time zone and its holidays need filling in.
 */
import { z } from "zod";
import { weekdays } from "../window/days.ts";
import { isTimeZone } from "../window/zone.ts";

export { type Weekday, weekdays } from "../window/days.ts";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().regex(HH_MM, { message: 'expected a 24-hour time "HH:MM" such as "10:00"' });
/** Both times well formed: rules comparing them only speak once each one is valid on its own. */
const bothClock = (span: { start: string; end: string }) => HH_MM.test(span.start) && HH_MM.test(span.end);

/** Whether `YYYY-MM-DD` names a day that exists (or is not in that shape at all: the regex reports that). */
function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected an ISO date "YYYY-MM-DD" such as "2026-11-26"' })
  .refine(isCalendarDate, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a date in the calendar`,
  });

const timeZone = z.string().refine(isTimeZone, {
  error: (issue) => `unknown IANA time zone ${JSON.stringify(issue.input)} (for example "America/New_York" or "UTC")`,
});

/** One day nobody deploys on, with the name the widget and the CLI show. */
export const holiday = z
  .object({
    /** @example "2026-11-26" */
    date: isoDate.describe("The day, in the team's time zone (YYYY-MM-DD)."),
    /** @example "Thanksgiving" */
    name: z.string().min(1).max(80).describe("Shown as the reason: `holiday: Thanksgiving`."),
  })
  .strict();

/** The recommended window: these days, between these wall-clock times in the team's zone. */
export const bestWindow = z
  .object({
    /** @example ["tue", "wed", "thu"] */
    days: z
      .array(z.enum(weekdays))
      .min(1, { message: "name at least one day" })
      .default(["tue", "wed", "thu"])
      .describe("Days of the best window (runbook: Tuesday-Thursday)."),
    /** @example "10:00" */
    start: clockTime.default("10:00").describe("Start of the best window, team time, HH:MM (runbook: 10 AM)."),
    /** @example "14:00" */
    end: clockTime.default("14:00").describe("End of the best window, team time, HH:MM, exclusive (runbook: 2 PM)."),
  })
  .strict()
  .prefault({})
  .refine((w) => !bothClock(w) || w.end > w.start, {
    error: (issue) => {
      const w = issue.input as { start: string; end: string };
      return `"${w.end}" must be later than start "${w.start}" on the same day`;
    },
    path: ["end"],
  });

/** Hours that are always avoided; may run past midnight (20:00 to 07:00). */
export const lateNight = z
  .object({
    /** @example "20:00" */
    start: clockTime.default("20:00").describe("Late night starts at this team time (inclusive)."),
    /** @example "07:00" */
    end: clockTime
      .default("07:00")
      .describe("Late night ends at this team time (exclusive); earlier than `start` means the next morning."),
  })
  .strict()
  .prefault({})
  .refine((n) => n.start !== n.end, {
    message: "must differ from `start` (late night would be empty or the whole day)",
    path: ["end"],
  });

/** The deployment-window rules of the runbook's Deployment Schedule. */
export const deployWindow = z
  .object({
    /** @example "America/New_York" */
    timeZone: timeZone
      .default("UTC")
      .describe(
        "The deploying team's IANA time zone; every time here is wall-clock time in it, daylight saving included. " +
          "Defaults to UTC so a config that forgets it is visibly off rather than silently someone's laptop zone.",
      ),
    /** @example { "days": ["tue", "wed", "thu"], "start": "10:00", "end": "14:00" } */
    best: bestWindow.describe("The recommended window (runbook: Tuesday-Thursday, 10 AM - 2 PM local time)."),
    /** @example ["fri", "sat", "sun"] */
    avoidDays: z
      .array(z.enum(weekdays))
      .default(["fri", "sat", "sun"])
      .describe("Days to avoid entirely (runbook: Fridays, weekends)."),
    /** @example { "start": "20:00", "end": "07:00" } */
    lateNight: lateNight.describe("Late-night hours to avoid on every day."),
    /** @example [{ "date": "2026-11-26", "name": "Thanksgiving" }] */
    holidays: z.array(holiday).default([]).describe("Whole days to avoid, in the team's time zone."),
    /** @example 24 */
    announceHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 14)
      .default(24)
      .describe("How far ahead a maintenance window (downtime users notice) is announced, in hours (runbook: 24)."),
  })
  .strict()
  .prefault({})
  .superRefine((rules, ctx) => {
    if (rules.best.days.every((d) => rules.avoidDays.includes(d)))
      ctx.addIssue({
        code: "custom",
        path: ["best", "days"],
        message: "every best day is also in `avoidDays`: there would never be a best window",
      });
    if (bothClock(rules.best) && bothClock(rules.lateNight) && overlapsLateNight(rules.best, rules.lateNight))
      ctx.addIssue({
        code: "custom",
        path: ["best"],
        message: `the best window ${rules.best.start}–${rules.best.end} overlaps late night ${rules.lateNight.start}–${rules.lateNight.end}`,
      });
    const seen = new Set<string>();
    rules.holidays.forEach((h, index) => {
      if (seen.has(h.date))
        ctx.addIssue({
          code: "custom",
          path: ["holidays", index, "date"],
          message: `duplicate holiday date "${h.date}"`,
        });
      seen.add(h.date);
    });
  });

/** Whether [start, end) of the best window shares a minute with late night (which may wrap midnight). */
function overlapsLateNight(best: { start: string; end: string }, night: { start: string; end: string }): boolean {
  const wraps = night.start > night.end;
  const spans: [string, string][] = wraps
    ? [
        [night.start, "24:00"],
        ["00:00", night.end],
      ]
    : [[night.start, night.end]];
  return spans.some(([s, e]) => best.start < e && s < best.end);
}

export type DeployWindow = z.output<typeof deployWindow>;
export type DeployWindowInput = z.input<typeof deployWindow>;
