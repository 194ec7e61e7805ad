/**
 * The Status widget in Chromium: after a few scheduled runs of the demo (fired as the Cron Trigger
 * would), the Between deploys page shows each scheduled check with its figures and a history strip
 * whose squares are named, in the reader's time (the Function draws it); on a 390 px phone it fits; without JavaScript it reads as each
 * environment's schedule with links to its figures.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openBrowser, watchErrors } from "../support/browser.ts";
import { resetDemo } from "../support/demo.ts";
import { fireScheduled } from "../support/watch.ts";

const site = inject("siteUrl");
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  browser = await launchBrowser();
  await resetDemo();
  let time = Math.ceil(Date.now() / 10_000) * 10_000 + 2 * 3_600_000;
  for (let i = 0; i < 3; i += 1) {
    time += 10_000;
    await fireScheduled(time);
  }
});
afterAll(() => browser?.close());

describe("<Status> in Chromium", () => {
  it("shows each scheduled check with its figures and a named history strip, on a phone too", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      timezoneId: "America/St_Johns",
      locale: "de-DE",
    });
    await context.addInitScript(() => localStorage.setItem("dashtray-runbook:environment", "demo"));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site}/after/between-deploys/`);
    const widget = page.locator("runbook-status");
    await expect.poll(() => widget.locator("[data-check]").count()).toBe(4);
    const frontend = widget.locator('[data-check="frontend"]');
    expect(await frontend.innerText()).toMatch(/over 24 h \(\d+ runs\)/);
    const squares = frontend.locator(".rw-status-strip li");
    expect(await squares.count()).toBeGreaterThanOrEqual(3);
    // The Function draws the times as this browser says them (German, UTC-3:30 or -2:30).
    const expected = await page.evaluate(async () => {
      const answer = (await (await fetch("/api/uptime?env=demo")).json()) as {
        checks: { check: string; history: { at: string; status: string }[] }[];
      };
      const run = answer.checks.find((c) => c.check === "frontend")?.history[0];
      return run ? `${new Date(run.at).toLocaleTimeString()}: ${run.status}` : "";
    });
    expect(expected).not.toBe("");
    expect(await squares.first().getAttribute("title")).toBe(expected);
    // The strip is put in by the script: its squares must still get the widget's styles (coloured squares
    // in a row, no list numbers), which a hashed, scoped <style> would never reach.
    const first = await squares.first().evaluate((li) => {
      const style = getComputedStyle(li);
      return {
        display: getComputedStyle(li.parentElement as Element).display,
        list: style.listStyleType,
        width: li.getBoundingClientRect().width,
        background: style.backgroundColor,
      };
    });
    expect(first).toMatchObject({ display: "flex", list: "none" });
    expect(first.width).toBeGreaterThan(4);
    expect(first.background).not.toBe("rgba(0, 0, 0, 0)");
    expect(await frontend.locator(".rw-status-strip").getAttribute("aria-label")).toMatch(
      /^Latest \d+ runs of frontend/,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors, errors.join("\n")).toEqual([]);
    await context.close();
  });

  it("reads as the schedules and links to their figures without JavaScript", async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      await noJs.page.goto(`${site}/after/between-deploys/`);
      const text = await noJs.page.locator("runbook-status").innerText();
      expect(text).toContain("every 10 s: frontend, app-health, api-plans, convex-version");
      expect(text).toContain("every 300 s");
      expect(await noJs.page.locator('runbook-status a[href="/api/uptime?env=production"]').count()).toBe(1);
    } finally {
      await noJs.close();
    }
  });
});
