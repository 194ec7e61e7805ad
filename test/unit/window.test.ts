import { describe, expect, it } from "vitest";
import { windowView } from "../../src/components/deploy-window/deploy-window.ts";
import { type DeployWindow, type DeployWindowInput, deployWindow } from "../../src/core/config/deploy-window.ts";
import { loadConfig } from "../../src/core/config/load.ts";
import { evaluateWindow } from "../../src/core/window/evaluate.ts";
import {
  describeRules,
  formatAvoidDays,
  formatDays,
  formatDuration,
  formatSpan,
} from "../../src/core/window/format.ts";
import { instantAt, wallClock } from "../../src/core/window/zone.ts";
import { realConfig } from "./support/config.ts";

const NY = "America/New_York";
const BERLIN = "Europe/Berlin";

/** The runbook's rules (every default) in New York, with US Thanksgiving as a holiday. */
function rules(extra: DeployWindowInput = {}): DeployWindow {
  return deployWindow.parse({
    timeZone: NY,
    holidays: [
      { date: "2026-11-26", name: "Thanksgiving" },
      { date: "2026-11-27", name: "Day after Thanksgiving" },
    ],
    ...extra,
  });
}

const at = (iso: string, r: DeployWindow = rules()) => evaluateWindow(new Date(iso), r);

describe("deployWindow config", () => {
  it("defaults to the source runbook's rules, in UTC, when the block is left out", () => {
    const { config } = loadConfig({
      environments: { production: { label: "P", targets: { app: "https://app.example.com" } } },
    });
    expect(config.deployWindow).toEqual({
      timeZone: "UTC",
      best: { days: ["tue", "wed", "thu"], start: "10:00", end: "14:00" },
      avoidDays: ["fri", "sat", "sun"],
      lateNight: { start: "20:00", end: "07:00" },
      holidays: [],
      announceHours: 24,
    });
  });

  it("the shipped runbook.config.json sets a real team zone and valid holidays", () => {
    const { config } = loadConfig(realConfig(), { demoOrigin: "http://127.0.0.1:8790" });
    expect(config.deployWindow.timeZone).toBe(NY);
    expect(config.deployWindow.holidays.find((h) => h.date === "2026-11-26")?.name).toBe("Thanksgiving");
  });

  it("reads the rules back in the runbook's own words", () => {
    expect(describeRules(rules())).toEqual({
      best: "Tuesday–Thursday, 10:00–14:00 (America/New_York)",
      avoid: "Fridays, weekends, holidays, late nights (20:00–07:00)",
      announce: "maintenance windows 24 hours in advance",
    });
    expect(formatDays(["thu", "mon", "wed", "tue"])).toBe("Mon–Thu");
    expect(formatDays(["mon", "wed", "thu"])).toBe("Mon, Wed, Thu");
    expect(formatAvoidDays(["fri"])).toBe("Fridays");
    expect(formatAvoidDays(["sun", "sat", "mon"])).toBe("Mondays, weekends");
  });

  const invalid = (deployWindowValue: unknown) => () =>
    loadConfig({
      environments: { production: { label: "P", targets: { app: "https://app.example.com" } } },
      deployWindow: deployWindowValue,
    });

  it("a bad time zone, clock time or date names the field", () => {
    expect(
      invalid({
        timeZone: "Europe/Berln",
        best: { start: "9:00" },
        lateNight: { start: "24:00" },
        holidays: [
          { date: "2026-02-30", name: "Leap" },
          { date: "26-11-2026", name: "Backwards" },
          { date: "2026-13-01", name: "Month 13" },
        ],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - deployWindow.timeZone: unknown IANA time zone "Europe/Berln" (for example "America/New_York" or "UTC")
        - deployWindow.best.start: expected a 24-hour time "HH:MM" such as "10:00"
        - deployWindow.lateNight.start: expected a 24-hour time "HH:MM" such as "10:00"
        - deployWindow.holidays[0].date: "2026-02-30" is not a date in the calendar
        - deployWindow.holidays[1].date: expected an ISO date "YYYY-MM-DD" such as "2026-11-26"
        - deployWindow.holidays[2].date: "2026-13-01" is not a date in the calendar]
    `);
  });

  it("rules that contradict each other name the field", () => {
    expect(
      invalid({
        best: { start: "12:00", end: "11:00" },
        lateNight: { start: "06:00", end: "06:00" },
        avoidDays: ["tue", "wed", "thu"],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - deployWindow.best.end: "11:00" must be later than start "12:00" on the same day
        - deployWindow.lateNight.end: must differ from \`start\` (late night would be empty or the whole day)
        - deployWindow.best.days: every best day is also in \`avoidDays\`: there would never be a best window]
    `);
    expect(
      invalid({
        best: { start: "12:00", end: "21:00" },
        holidays: [
          { date: "2026-12-25", name: "Christmas" },
          { date: "2026-12-25", name: "Christmas again" },
        ],
        announceHours: -1,
        avoidDays: ["friday"],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - deployWindow.avoidDays[0]: Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun"
        - deployWindow.announceHours: Too small: expected number to be >=0]
    `);
    expect(
      invalid({
        best: { start: "12:00", end: "21:00" },
        holidays: [
          { date: "2026-12-25", name: "A" },
          { date: "2026-12-25", name: "B" },
        ],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
        [ConfigError: [runbook config] runbook.config.json is invalid:
          - deployWindow.best: the best window 12:00–21:00 overlaps late night 20:00–07:00
          - deployWindow.holidays[1].date: duplicate holiday date "2026-12-25"]
      `);
    expect(invalid({ unknown: true })).toThrow(/deployWindow: Unrecognized key: "unknown"/);
  });
});

describe("wall-clock time in a zone", () => {
  it("reads the team's date, time and weekday, not UTC's", () => {
    // 03:00 UTC on Friday is still Thursday evening in New York.
    expect(wallClock(new Date("2026-11-27T03:00:00Z"), NY)).toEqual({
      date: "2026-11-26",
      time: "22:00",
      weekday: "thu",
    });
    expect(wallClock(new Date("2026-11-27T03:00:00Z"), "Asia/Tokyo")).toEqual({
      date: "2026-11-27",
      time: "12:00",
      weekday: "fri",
    });
  });

  it("a time skipped by spring-forward moves past the jump; a repeated one takes the first", () => {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT.
    expect(instantAt("2026-03-08", "02:30", NY).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(wallClock(instantAt("2026-03-08", "02:30", NY), NY).time).toBe("03:30");
    // 1 November 2026: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
    expect(instantAt("2026-11-01", "01:30", NY).toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(instantAt("2026-11-01", "03:00", NY).toISOString()).toBe("2026-11-01T08:00:00.000Z");
  });
});

describe("the verdict", () => {
  it("best inside Tue–Thu 10:00–14:00 team time, with the window open now as `next`", () => {
    const e = at("2026-11-24T15:10:00Z"); // Tue 10:10 in New York
    expect(e).toEqual({
      verdict: "best",
      reasons: ["inside the best window (Tue–Thu 10:00–14:00)"],
      timeZone: NY,
      local: { date: "2026-11-24", time: "10:10", weekday: "tue" },
      next: { start: "2026-11-24T15:00:00.000Z", end: "2026-11-24T19:00:00.000Z" },
    });
    expect(at("2026-11-24T18:59:00Z").verdict).toBe("best"); // 13:59
  });

  it("the same instant is judged on the team's clock, whatever zone the reader is in", () => {
    // 15:10 UTC is 16:10 in Berlin and 00:10 the next day in Tokyo; for a New York team it is Tuesday 10:10.
    const e = at("2026-11-24T15:10:00Z");
    const berlin = windowView(new Date("2026-11-24T15:10:00Z"), rules(), BERLIN);
    const tokyo = windowView(new Date("2026-11-24T15:10:00Z"), rules(), "Asia/Tokyo");
    expect(e.verdict).toBe("best");
    expect(berlin.verdict).toBe("best");
    expect(tokyo.verdict).toBe("best");
    const fact = (view: typeof berlin, key: string) => view.facts.find((f) => f.key === key)?.value;
    expect(fact(berlin, "team")).toBe("Tue 10:10 America/New_York");
    expect(fact(berlin, "yours")).toBe("Tue 16:10 Europe/Berlin");
    expect(fact(tokyo, "yours")).toBe("Wed 00:10 Asia/Tokyo");
    expect(fact(berlin, "next")).toBe("open now, until 14:00 America/New_York (20:00 your time)");

    // A Berlin team at the same instant is past its window: the rules follow the team's zone.
    const berlinTeam = at("2026-11-24T15:10:00Z", rules({ timeZone: BERLIN }));
    expect(berlinTeam.verdict).toBe("ok");
    expect(berlinTeam.reasons).toEqual(["after the best hours (10:00–14:00)"]);
    expect(berlinTeam.next).toEqual({ start: "2026-11-25T09:00:00.000Z", end: "2026-11-25T13:00:00.000Z" });
  });

  it("a day whose window already passed points at the next day's window", () => {
    const e = at("2026-11-24T19:00:00Z"); // Tue 14:00: the end is exclusive
    expect(e.verdict).toBe("ok");
    expect(e.reasons).toEqual(["after the best hours (10:00–14:00)"]);
    expect(e.next).toEqual({ start: "2026-11-25T15:00:00.000Z", end: "2026-11-25T19:00:00.000Z" });
    const early = at("2026-11-24T13:30:00Z"); // Tue 08:30: today's window is still ahead
    expect(early.reasons).toEqual(["before the best hours (10:00–14:00)"]);
    expect(early.next?.start).toBe("2026-11-24T15:00:00.000Z");
  });

  it("a day that is not a best day is acceptable, and says why", () => {
    const monday = at("2026-11-23T16:00:00Z"); // Mon 11:00
    expect(monday.verdict).toBe("ok");
    expect(monday.reasons).toEqual(["Monday is not a best day (Tue–Thu)"]);
    expect(monday.next?.start).toBe("2026-11-24T15:00:00.000Z");
  });

  it("weekends are avoided and point at the next Tuesday", () => {
    const saturday = at("2026-11-28T17:00:00Z"); // Sat 12:00
    expect(saturday.verdict).toBe("avoid");
    expect(saturday.reasons).toEqual(["Saturday"]);
    expect(saturday.next).toEqual({ start: "2026-12-01T15:00:00.000Z", end: "2026-12-01T19:00:00.000Z" });
    // Thursday after the window: Friday and the weekend are skipped.
    expect(at("2026-12-03T20:00:00Z").next?.start).toBe("2026-12-08T15:00:00.000Z");
  });

  it("holidays are avoided by name, on the team's calendar, and skipped by `next`", () => {
    const thanksgiving = at("2026-11-26T16:00:00Z"); // Thu 11:00, a best day otherwise
    expect(thanksgiving.verdict).toBe("avoid");
    expect(thanksgiving.reasons).toEqual(["holiday: Thanksgiving"]);
    // Wednesday after its window: Thursday is Thanksgiving, Friday is avoided twice over.
    expect(at("2026-11-25T20:00:00Z").next?.start).toBe("2026-12-01T15:00:00.000Z");
    expect(at("2026-11-27T15:10:00Z").reasons).toEqual(["Friday", "holiday: Day after Thanksgiving"]);
    // 03:00 UTC on the 27th is still the 26th in New York: Thanksgiving evening, late at night.
    expect(at("2026-11-27T03:00:00Z").reasons).toEqual(["holiday: Thanksgiving", "late night (20:00–07:00)"]);
    // Just after midnight in New York on the 26th: already the holiday, though UTC says 05:30.
    expect(at("2026-11-26T05:30:00Z").reasons).toEqual(["holiday: Thanksgiving", "late night (20:00–07:00)"]);
  });

  it("late night starts at 20:00 sharp and ends at 07:00 sharp", () => {
    expect(at("2026-11-23T00:59:00Z").verdict).toBe("avoid"); // Sun 19:59: still Sunday
    const mon1959 = at("2026-11-24T00:59:00Z");
    expect(mon1959.local).toEqual({ date: "2026-11-23", time: "19:59", weekday: "mon" });
    expect(mon1959.verdict).toBe("ok");
    expect(mon1959.reasons).toEqual(["Monday is not a best day (Tue–Thu)"]);
    const mon2000 = at("2026-11-24T01:00:00Z");
    expect(mon2000.verdict).toBe("avoid");
    expect(mon2000.reasons).toEqual(["late night (20:00–07:00)"]);
    expect(at("2026-11-24T11:59:00Z").reasons).toEqual(["late night (20:00–07:00)"]); // Tue 06:59
    const tue0700 = at("2026-11-24T12:00:00Z");
    expect(tue0700.verdict).toBe("ok");
    expect(tue0700.reasons).toEqual(["before the best hours (10:00–14:00)"]);
  });

  it("spring forward in the team's zone: the Tuesday after still opens at 10:00 local, an hour earlier in UTC", () => {
    // New York moves to EDT on Sunday 8 March 2026.
    expect(at("2026-03-03T15:00:00Z").local.time).toBe("10:00"); // Tue before: EST, UTC-5
    const friday = at("2026-03-06T15:00:00Z");
    expect(friday.next).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T18:00:00.000Z" });
    expect(wallClock(new Date(friday.next!.start), NY).time).toBe("10:00");
    expect(at("2026-03-10T14:00:00Z").verdict).toBe("best");
    expect(at("2026-03-10T13:59:00Z").reasons).toEqual(["before the best hours (10:00–14:00)"]);
    // Europe changes three weeks later, so for a Berlin reader the window moves by an hour in between.
    const view = windowView(new Date("2026-03-06T15:00:00Z"), rules(), BERLIN);
    expect(view.facts.find((f) => f.key === "next")?.value).toBe(
      "Tue 10 Mar 10:00–14:00 America/New_York = Tue 10 Mar 15:00–19:00 your time",
    );
    const later = windowView(new Date("2026-03-27T15:00:00Z"), rules(), BERLIN);
    expect(later.facts.find((f) => f.key === "next")?.value).toBe(
      "Tue 31 Mar 10:00–14:00 America/New_York = Tue 31 Mar 16:00–20:00 your time",
    );
  });

  it("fall back in the team's zone: the Tuesday after still opens at 10:00 local, an hour later in UTC", () => {
    // New York returns to EST on Sunday 1 November 2026.
    const friday = at("2026-10-30T15:00:00Z");
    expect(friday.next).toEqual({ start: "2026-11-03T15:00:00.000Z", end: "2026-11-03T19:00:00.000Z" });
    expect(at("2026-11-03T14:59:00Z").reasons).toEqual(["before the best hours (10:00–14:00)"]);
    expect(at("2026-11-03T15:00:00Z").verdict).toBe("best");
    // Berlin team: CET from Sunday 25 October 2026, 10:00 is then 09:00 UTC instead of 08:00.
    const berlin = rules({ timeZone: BERLIN, holidays: [] });
    expect(at("2026-10-20T08:00:00Z", berlin).verdict).toBe("best");
    expect(at("2026-10-23T12:00:00Z", berlin).next).toEqual({
      start: "2026-10-27T09:00:00.000Z",
      end: "2026-10-27T13:00:00.000Z",
    });
    expect(at("2026-10-27T08:30:00Z", berlin).reasons).toEqual(["before the best hours (10:00–14:00)"]);
  });

  it("late night around a clock change keeps its wall-clock bounds", () => {
    // 1 November 2026 (Sunday) in New York: 06:59 EST is 11:59 UTC, 07:00 is 12:00 UTC.
    expect(at("2026-11-01T11:59:00Z", rules({ avoidDays: ["fri"] })).reasons).toEqual(["late night (20:00–07:00)"]);
    expect(at("2026-11-01T12:00:00Z", rules({ avoidDays: ["fri"] })).verdict).toBe("ok");
  });

  it("no best window in the coming year gives `next: null`", () => {
    const holidays = Array.from({ length: 420 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 10, 20 + i)).toISOString().slice(0, 10),
      name: "Freeze",
    }));
    expect(at("2026-11-24T15:10:00Z", rules({ holidays })).next).toBeNull();
  });

  it("refuses an invalid instant", () => {
    expect(() => evaluateWindow(new Date("nope"), rules())).toThrow(
      "[deployWindow] evaluateWindow needs a valid date for `now`",
    );
  });
});

describe("the widget's words", () => {
  it("the next window in both zones, with when it starts and the announcement deadline", () => {
    const view = windowView(new Date("2026-11-27T15:10:00Z"), rules(), BERLIN);
    expect(view).toMatchObject({ verdict: "avoid", state: "fail", headline: "Avoid deploying now" });
    expect(view.reasons).toEqual(["Friday", "holiday: Day after Thanksgiving"]);
    expect(view.facts).toEqual([
      { key: "team", label: "Team time", value: "Fri 10:10 America/New_York" },
      { key: "yours", label: "Your time", value: "Fri 16:10 Europe/Berlin" },
      {
        key: "next",
        label: "Next best window",
        value: "Tue 1 Dec 10:00–14:00 America/New_York = Tue 1 Dec 16:00–20:00 your time",
        note: "starts in 3 d 23 h",
      },
      {
        key: "announce",
        label: "Maintenance then",
        value: "announce by Mon 30 Nov 10:00 America/New_York",
        note: "24 hours' notice",
      },
    ]);
  });

  it("a reader in the team's zone is not told the same time twice", () => {
    const view = windowView(new Date("2026-11-27T15:10:00Z"), rules(), NY);
    expect(view.facts.find((f) => f.key === "next")?.value).toBe(
      "Tue 1 Dec 10:00–14:00 America/New_York (your time zone too)",
    );
  });

  it("a window that crosses midnight for the reader names both days", () => {
    expect(formatSpan({ start: "2026-12-01T15:00:00Z", end: "2026-12-01T19:00:00Z" }, "Asia/Tokyo")).toBe(
      "Wed 2 Dec 00:00–04:00",
    );
    expect(formatSpan({ start: "2026-12-01T15:00:00Z", end: "2026-12-01T19:00:00Z" }, "Pacific/Kiritimati")).toBe(
      "Wed 2 Dec 05:00–09:00",
    );
    expect(formatSpan({ start: "2026-12-01T15:00:00Z", end: "2026-12-01T19:00:00Z" }, "Asia/Kolkata")).toBe(
      "Tue 1 Dec 20:30 – Wed 2 Dec 00:30",
    );
  });

  it("too late to announce maintenance for a window less than announceHours away", () => {
    const view = windowView(new Date("2026-11-24T20:00:00Z"), rules(), NY); // Tue 15:00, next Wed 10:00
    expect(view.facts.find((f) => f.key === "announce")).toEqual({
      key: "announce",
      label: "Maintenance then",
      value: "too late to announce (needs 24 hours' notice)",
    });
  });

  it("durations read coarse", () => {
    expect(formatDuration(30_000)).toBe("less than a minute");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(125 * 60_000)).toBe("2 h 5 min");
    expect(formatDuration(2 * 86_400_000)).toBe("2 d");
  });
});
