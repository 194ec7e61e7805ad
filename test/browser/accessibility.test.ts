import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";

const site = inject("siteUrl");

/**
 * Violations that are not ours to fix, each with where it is tracked. Empty today: Starlight's search
 * button name is fixed through its `Search` override, code blocks are named through Expressive Code.
 */
const THIRD_PARTY: { rule: string; target: string; link: string }[] = [];

let browser: Browser;
let paths: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  // Every page the site has, from the sitemap the build writes.
  const sitemap = await (await fetch(`${site}/sitemap-0.xml`)).text();
  paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "/").pathname);
});
afterAll(() => browser?.close());

/** A context in `theme` with the demo picked, as a reader who chose both would have it. */
async function themed(theme: "light" | "dark"): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript((t) => {
    localStorage.setItem("starlight-theme", t);
    localStorage.setItem("dashtray-runbook:environment", "demo");
  }, theme);
  return context;
}

/** Presses every widget's run button on the page and waits until no widget is still running. */
async function pressWidgets(page: Page): Promise<void> {
  for (const button of await page.locator(".runbook-widget [data-run]:visible").all()) await button.click();
  await page.waitForFunction(
    () => document.querySelectorAll('.runbook-widget[data-state="running"]').length === 0,
    null,
    {
      timeout: 20_000,
    },
  );
}

/** Serious and critical violations on one page, as "theme path rule: target (message)" lines. */
async function violations(page: Page, theme: string, path: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes
        .filter((n) => !THIRD_PARTY.some((t) => t.rule === v.id && n.target.join(" ").includes(t.target)))
        .map(
          (n) =>
            `${theme} ${path} ${v.id}: ${n.target.join(" ")} (${n.failureSummary?.split("\n")[1]?.trim() ?? v.help})`,
        ),
    );
}

describe("axe-core on every page, both themes, after pressing the widgets' buttons", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`${theme} theme: no serious or critical violations`, { timeout: 600_000 }, async () => {
      expect(paths.length).toBeGreaterThan(40);
      // Three readers at once keep the sweep short. Each has a context (a window) of its own: tabs of one
      // window are background tabs, which Chromium throttles. Pages only read the demo, so they do not interfere.
      const queue = [...paths];
      const found: string[] = [];
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          const context = await themed(theme);
          const page = await context.newPage();
          for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
            await page.goto(`${site}${path}`);
            await pressWidgets(page);
            found.push(...(await violations(page, theme, path)));
          }
          await context.close();
        }),
      );
      expect(found).toEqual([]);
    });
  }
});
