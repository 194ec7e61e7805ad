import { afterEach, describe, expect, inject, it } from "vitest";
import { openBrowser, watchErrors } from "../support/browser.ts";

// The shipped runbook.config.json: team in America/New_York, US holidays, Tue–Thu 10:00–14:00.
const site = inject("siteUrl");
let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** A reader in `timezoneId` whose clock says `now`, on the Deployment Schedule page. */
async function readerAt(timezoneId: string, now: string, page = "/before/deployment-schedule/") {
  browser = await openBrowser({ timezoneId });
  await browser.page.clock.setFixedTime(new Date(now));
  const errors = watchErrors(browser.page);
  await browser.page.goto(`${site}${page}`);
  const widget = browser.page.locator("runbook-deploy-window").first();
  await expect.poll(() => widget.getAttribute("data-verdict")).not.toBeNull();
  return { widget, errors, page: browser.page };
}

/** The label/value rows as a person reads them: "Team time: Fri 10:10 America/New_York". */
async function facts(widget: Awaited<ReturnType<typeof readerAt>>["widget"]): Promise<string[]> {
  const rows = await widget.locator("[data-fact]").all();
  return Promise.all(
    rows.map(async (row) => `${await row.locator("dt").innerText()}: ${await row.locator("dd").innerText()}`),
  );
}

describe("DeployWindow in Chromium, with the reader's clock and zone controlled", () => {
  it("a Berlin reader on the Friday after Thanksgiving: avoid, why, both clocks, and next Tuesday in both zones", async () => {
    const { widget, errors } = await readerAt("Europe/Berlin", "2026-11-27T15:10:00Z");
    expect(await widget.getAttribute("data-verdict")).toBe("avoid");
    expect(await widget.getByRole("status").innerText()).toBe("✗ Avoid deploying now");
    expect(await widget.locator("[data-reasons]").innerText()).toBe("Friday · holiday: Day after Thanksgiving");
    expect(await facts(widget)).toEqual([
      "Team time: Fri 10:10 America/New_York",
      "Your time: Fri 16:10 Europe/Berlin",
      "Next best window: Tue 1 Dec 10:00–14:00 America/New_York = Tue 1 Dec 16:00–20:00 your time · starts in 3 d 23 h",
      "Maintenance then: announce by Mon 30 Nov 10:00 America/New_York · 24 hours' notice",
    ]);
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("a Tokyo reader inside the window, where it is already the next day", async () => {
    const { widget, errors } = await readerAt("Asia/Tokyo", "2026-12-01T15:10:00Z");
    expect(await widget.getAttribute("data-verdict")).toBe("best");
    expect(await widget.getByRole("status").innerText()).toBe("✓ Best time to deploy");
    expect(await facts(widget)).toEqual([
      "Team time: Tue 10:10 America/New_York",
      "Your time: Wed 00:10 Asia/Tokyo",
      "Best window: open now, until 14:00 America/New_York (04:00 your time) · closes in 3 h 50 min",
    ]);
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("a reader in the team's zone after a clock change: the window still opens at 10:00, said once", async () => {
    // Friday 6 March 2026; New York moves to daylight time on Sunday the 8th.
    const { widget } = await readerAt("America/New_York", "2026-03-06T15:00:00Z", "/deploy/1-pre-deployment-check/");
    expect(await widget.getAttribute("data-verdict")).toBe("avoid");
    expect(await facts(widget)).toContain(
      "Next best window: Tue 10 Mar 10:00–14:00 America/New_York (your time zone too) · starts in 3 d 23 h",
    );
  });

  it("redraws when the minute turns: 13:59 is best, 14:00 is past the window", async () => {
    browser = await openBrowser({ timezoneId: "Europe/Berlin" });
    const { page } = browser;
    await page.clock.install({ time: new Date("2026-12-01T18:59:30Z") });
    await page.goto(`${site}/before/prerequisites/`);
    const widget = page.locator("runbook-deploy-window").first();
    await expect.poll(() => widget.getAttribute("data-verdict")).toBe("best");
    await page.clock.runFor(60_000);
    await expect.poll(() => widget.getAttribute("data-verdict")).toBe("ok");
    expect(await widget.getByRole("status").innerText()).toBe("! Acceptable, but outside the best window");
    expect(await widget.locator("[data-reasons]").innerText()).toBe("after the best hours (10:00–14:00)");
    expect(await facts(widget)).toContain("Team time: Tue 14:00 America/New_York");
  });

  it("without JavaScript, every page using it states the rules in words", async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    for (const path of ["/before/deployment-schedule/", "/before/prerequisites/", "/deploy/1-pre-deployment-check/"]) {
      await browser.page.goto(`${site}${path}`);
      const widget = browser.page.locator("runbook-deploy-window").first();
      const rules = widget.locator("details.rw-window-rules");
      if ((await rules.getAttribute("open")) === null) await rules.locator("summary").first().click();
      const text = await rules.innerText();
      expect(text, path).toContain("Best: Tuesday–Thursday, 10:00–14:00 (America/New_York)");
      expect(text, path).toContain("Avoid: Fridays, weekends, holidays, late nights (20:00–07:00)");
      expect(text, path).toContain("Announce: maintenance windows 24 hours in advance");
      expect(await widget.getByRole("status", { includeHidden: true }).isHidden(), path).toBe(true);
    }
  });
});
