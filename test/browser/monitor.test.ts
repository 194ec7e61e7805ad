/**
 * The step-6 monitor in Chromium against the demo: a short watch (the demo-only page override
 * `?monitor-interval=&monitor-window=`), started from the keyboard; the demo flipped to slow mid-watch;
 * the breach on the chart at the sample after the flip and in the verdict, the tab's title, leaving and
 * coming back; then two browser contexts watching one environment and the demo counting one sampling
 * per interval; a watch that keeps sampling (in the watch Worker) while no page is open; the finished
 * chart on a 390 px phone in the dark theme; and the page without JavaScript.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MonitorWatch } from "../../src/core/monitor.ts";
import { launchBrowser, openBrowser, watchErrors } from "../support/browser.ts";
import { demoCounts, resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const INTERVAL_S = 2;
const WINDOW_S = 18;
const page6 = (window = WINDOW_S) =>
  `${site}/deploy/6-monitor/?monitor-interval=${INTERVAL_S}&monitor-window=${window}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  // Files share one stack: a watch another file started (the accessibility sweep presses "Start watching",
  // a 30-minute watch) would still be running here. End it, as a reader would with the stop route.
  await endRunningWatch();
});
afterAll(() => browser?.close());

async function reader(options: { phone?: boolean; dark?: boolean; timezoneId?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    ...(options.phone && { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
    ...(options.timezoneId && { timezoneId: options.timezoneId, locale: "en-GB" }),
  });
  await context.addInitScript((dark) => {
    localStorage.setItem("dashtray-runbook:environment", "demo");
    if (dark) localStorage.setItem("starlight-theme", "dark");
  }, options.dark ?? false);
  return context.newPage();
}

async function latestWatch(): Promise<MonitorWatch> {
  const res = await fetch(`${site}/api/monitor?env=demo`);
  const body = (await res.json()) as { watch: MonitorWatch | null };
  if (!body.watch) throw new Error("no watch");
  return body.watch;
}

/** Waits until the watch's window is over, so the next start is a watch of its own. */
async function untilOver(watch: MonitorWatch): Promise<void> {
  const left = Date.parse(watch.startedAt) + watch.windowMs - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** Ends the demo's running watch, if any, through the API's stop route. */
async function endRunningWatch(): Promise<void> {
  const last = await latestWatch().catch(() => undefined);
  if (!last || Date.now() >= Date.parse(last.startedAt) + last.windowMs) return;
  const res = await fetch(`${site}/api/monitor/stop?env=demo&watch=${last.id}`, { method: "POST" });
  expect(res.status, await res.text()).toBe(200);
}

/**
 * The last watch over (this file's own short ones end by themselves; another's is ended) and its last
 * sampling landed (the demo may still answer a slow one when its window ends), then a reset demo: counts
 * that start at zero belong to this test alone.
 */
async function settle(): Promise<void> {
  const last = await latestWatch().catch(() => undefined);
  if (last && last.windowMs > WINDOW_S * 1000) await endRunningWatch();
  else if (last) await untilOver(last);
  await expect
    .poll(
      async () => {
        const before = Object.values(await demoCounts()).reduce((x, y) => x + y, 0);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return Object.values(await demoCounts()).reduce((x, y) => x + y, 0) - before;
      },
      { timeout: 20_000 },
    )
    .toBe(0);
  await resetDemo();
}

const samplesShown = (page: Page) =>
  page.locator("runbook-monitor").evaluate((el) => Number((el as HTMLElement).dataset.samples ?? 0));

/** Each sample dot of the p95 plot: slot and status, in slot order. */
const dots = (page: Page) =>
  page
    .locator('runbook-monitor [data-plot="p95"] circle')
    .evaluateAll((els) =>
      els.map((el) => ({ slot: Number(el.getAttribute("data-slot")), status: el.getAttribute("data-status") })),
    );

describe("<Monitor> in Chromium", () => {
  it("watches the demo, and shows the breach after it turns slow on the chart and in the verdict", {
    timeout: 90_000,
  }, async () => {
    await resetDemo();
    const page = await reader();
    const errors = watchErrors(page);
    await page.goto(page6());
    const widget = page.locator("runbook-monitor");
    const start = widget.getByRole("button", { name: "Start watching" });
    await start.waitFor({ state: "visible" });
    // The widget's first read of the latest watch keeps the button busy (a press then is ignored); on a
    // freshly started stack that read can take a while.
    await expect.poll(() => start.getAttribute("aria-disabled")).toBeNull();
    // From the keyboard: focus the button, press Enter; focus stays on it, and it now offers a restart.
    await start.focus();
    await page.keyboard.press("Enter");
    const restart = widget.getByRole("button", { name: "Restart the watch" });
    await restart.waitFor({ state: "visible" });
    expect(await restart.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => samplesShown(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await widget.getAttribute("data-outcome")).toBe("watching");
    expect(await widget.getAttribute("data-state")).toBe("pass");
    const watch = await latestWatch();
    expect(watch.intervalMs).toBe(INTERVAL_S * 1000);

    await setDemo({ mode: "slow", slowMs: 2300 });
    const flippedSlot = Math.floor((Date.now() - Date.parse(watch.startedAt)) / watch.intervalMs);
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 30_000 }).toBe("breach");

    // On the chart: every sample before the breach passes, the breach is the first sample after the flip.
    const breachSlot = Number(await widget.locator("svg.rw-chart").getAttribute("data-breach-slot"));
    expect(breachSlot).toBeGreaterThanOrEqual(flippedSlot);
    expect(breachSlot).toBeLessThanOrEqual(flippedSlot + 2);
    const shown = await dots(page);
    for (const dot of shown) expect(dot.status, `slot ${dot.slot}`).toBe(dot.slot < breachSlot ? "pass" : "fail");
    expect(await widget.locator(`[data-breach="${breachSlot}"]`).count()).toBe(1);
    // In the verdict, the status line and the tab's title.
    const verdict = widget.locator("[data-verdict]");
    expect(await verdict.getAttribute("data-verdict")).toBe("fail");
    const text = await verdict.innerText();
    expect(text).toContain(`First breach at`);
    expect(text).toContain(`(sample ${breachSlot + 1})`);
    expect(text).toContain("response time (p95)");
    expect(text).toMatch(/check [a-z-]+/);
    expect(await widget.getByRole("status").innerText()).toContain("breached");
    expect(await page.title()).toMatch(/^✗ Breach · /);
    expect(await page.locator('link[rel~="icon"]').first().getAttribute("href")).toContain("data:image/svg+xml");

    // Leave and come back: the same watch resumes, with the breach where it was, and keeps sampling.
    const before = await samplesShown(page);
    await page.goto(`${site}/rollback/`);
    await page.goto(page6());
    await expect.poll(() => widget.getAttribute("data-watch")).toBe(String(watch.id));
    await expect.poll(() => samplesShown(page), { timeout: 20_000 }).toBeGreaterThan(before);
    expect(Number(await widget.locator("svg.rw-chart").getAttribute("data-breach-slot"))).toBe(breachSlot);

    // The table holds the same figures, reached from the keyboard.
    const summary = widget.locator("details summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    const rows = widget.locator("details tbody tr");
    await expect.poll(() => rows.count()).toBe(await samplesShown(page));
    expect(await widget.locator(`details tr[data-slot="${breachSlot}"]`).getAttribute("data-status")).toBe("fail");

    // At the end of the window: the verdict stays the first breach.
    await untilOver(watch);
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 20_000 }).toBe("fail");
    expect(await widget.getByRole("status").innerText()).toContain("Watch over");
    expect(errors, errors.join("\n")).toEqual([]);
    await page.context().close();
  });

  it("keeps sampling with the page closed: reopened, the chart has the samples taken meanwhile", {
    timeout: 90_000,
  }, async () => {
    await settle();
    const page = await reader();
    await page.goto(page6(12));
    await page.locator("runbook-monitor").getByRole("button", { name: "Start watching" }).click();
    // (The page may first show the last, finished watch: wait for the new one to be running.)
    await expect.poll(() => page.locator("runbook-monitor").getAttribute("data-outcome")).toBe("watching");
    const watch = await latestWatch();
    await page.context().close();
    // Nobody has the page open for the rest of the window: the watch Worker samples on its own.
    await untilOver(watch);
    const again = await reader();
    await again.goto(page6(12));
    const widget = again.locator("runbook-monitor");
    await expect.poll(() => widget.getAttribute("data-watch")).toBe(String(watch.id));
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 20_000 }).toBe("pass");
    const slots = (await dots(again)).map((d) => d.slot);
    expect(slots).toEqual([0, 1, 2, 3, 4, 5]);
    await again.context().close();
  });

  it("two readers watching the demo cause one sampling per interval at the demo", { timeout: 90_000 }, async () => {
    await settle();
    const [a, b] = [await reader(), await reader()];
    await a.goto(page6(10));
    await a.locator("runbook-monitor").getByRole("button", { name: "Start watching" }).click();
    await expect.poll(() => a.locator("runbook-monitor").getAttribute("data-watch")).not.toBeNull();
    await b.goto(page6(10));
    // The second reader's page shows the running watch on its own; its button now offers a restart.
    await expect
      .poll(() => b.locator("runbook-monitor").getByRole("button", { name: "Restart the watch" }).count())
      .toBe(1);
    const id = await a.locator("runbook-monitor").getAttribute("data-watch");
    await expect.poll(() => b.locator("runbook-monitor").getAttribute("data-watch")).toBe(id);
    const watch = await latestWatch();
    await untilOver(watch);
    for (const page of [a, b])
      await expect
        .poll(() => page.locator("runbook-monitor").getAttribute("data-outcome"), { timeout: 20_000 })
        .toBe("pass");
    const res = await fetch(`${site}/api/monitor?env=demo&watch=${watch.id}`);
    const { samples } = (await res.json()) as { samples: { slot: number; requests: number }[] };
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(new Set(samples.map((s) => s.slot)).size).toBe(samples.length);
    const requests = Object.values(await demoCounts()).reduce((x, y) => x + y, 0);
    // One sampling of 8 requests (4 smoke checks x 2) per slot, for two readers.
    expect(requests).toBe(samples.length * 8);
    expect(await samplesShown(a)).toBe(samples.length);
    expect(await samplesShown(b)).toBe(samples.length);
    await a.context().close();
    await b.context().close();
  });

  it("shows the finished chart on a 390 px phone in the dark theme, readable, in the reader's time", async () => {
    const page = await reader({ phone: true, dark: true, timezoneId: "Asia/Kolkata" });
    await page.goto(`${site}/deploy/6-monitor/`);
    const widget = page.locator("runbook-monitor");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("pass");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await widget.locator("svg.rw-chart").boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    const { label, limit, line, background } = await page.evaluate(() => {
      const fill = (sel: string, prop: "fill" | "stroke") =>
        getComputedStyle(document.querySelector(sel) as Element)[prop];
      return {
        label: fill(".rw-chart-label", "fill"),
        limit: fill(".rw-chart-limit", "stroke"),
        line: fill(".rw-chart-line", "stroke"),
        background: getComputedStyle(document.body).backgroundColor,
      };
    });
    expect(contrast(label, background), `label ${label} on ${background}`).toBeGreaterThanOrEqual(4.5);
    expect(contrast(limit, background), `limit ${limit} on ${background}`).toBeGreaterThanOrEqual(3);
    expect(contrast(line, background), `line ${line} on ${background}`).toBeGreaterThanOrEqual(3);
    expect(await widget.locator("svg.rw-chart").getAttribute("role")).toBe("img");
    expect(await widget.locator("svg.rw-chart").getAttribute("aria-label")).toContain(
      "The table below has every figure",
    );
    // axe on the widget with its table open, in the dark theme and then the light one.
    await widget.locator("details summary").click();
    // The Function draws times as this browser says them (its language and zone, here UTC+5:30).
    const row = widget.locator("details tbody tr").first();
    const slot = Number(await row.getAttribute("data-slot"));
    const expected = await page.evaluate(async (n) => {
      const series = (await (await fetch("/api/monitor?env=demo")).json()) as {
        samples: { slot: number; at: string }[];
      };
      const at = series.samples.find((s) => s.slot === n)?.at;
      return at ? new Date(at).toLocaleTimeString() : "";
    }, slot);
    expect(expected).not.toBe("");
    expect(await row.locator("td").first().innerText()).toBe(expected);
    for (const theme of ["dark", "light"]) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      const result = await new AxeBuilder({ page }).include("runbook-monitor").analyze();
      const serious = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
    }
    await page.context().close();
  });

  it("says how to watch by hand without JavaScript", async () => {
    const reader = await openBrowser({ javaScriptEnabled: false });
    try {
      await reader.page.goto(`${site}/deploy/6-monitor/`);
      const text = await reader.page.locator("runbook-monitor").innerText();
      expect(text).toContain("To watch by hand");
      expect(text).toContain("npm run verify -- --env production");
      expect(await reader.page.getByRole("button", { name: "Start watching" }).isVisible()).toBe(false);
    } finally {
      await reader.close();
    }
  });
});

/** WCAG contrast ratio of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
