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

/** A context with the demo picked, as a reader who chose it would have it. */
async function demoContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem("dashtray-runbook:environment", "demo"));
  return context;
}

/** Switches the open page to `theme` the way Starlight's theme picker does. */
async function useTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.evaluate((t) => {
    localStorage.setItem("starlight-theme", t);
    document.documentElement.dataset.theme = t;
  }, theme);
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

/**
 * Expressive Code's script makes a code block that overflows focusable (tabindex, role region) once it
 * has measured it; axe must judge the page a reader gets after that, not the moment before.
 */
async function codeBlocksSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLElement>(".expressive-code pre")].every(
        (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute("tabindex"),
      ),
    null,
    { timeout: 10_000 },
  );
}

/**
 * Serious and critical violations on one page, as "theme path rule: target (message)" lines.
 * Legacy mode runs `axe.run` in the page itself instead of `runPartial` per frame and `finishRun` in a
 * new blank page: about half the time per analysis, the same rules. It only skips cross-origin
 * frames, and the sweep fails any page that has a frame at all.
 */
async function violations(page: Page, theme: string, path: string, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  const result = await (rules ? builder.withRules(rules) : builder).analyze();
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

/** The rules whose outcome depends on colours: the only ones the second theme can change. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

describe("axe-core on every page after pressing the widgets' buttons", () => {
  it("light and dark themes: no serious or critical violations", { timeout: 600_000 }, async () => {
    expect(paths.length).toBeGreaterThan(40);
    // Each page is loaded and its widgets pressed once: every rule runs in the light theme, then the
    // colour rules again in the dark one (structure, names and roles do not change with the theme).
    // Four readers at once, each in a context (a window) of its own: tabs of one window are background
    // tabs, which Chromium throttles. Pages only read the demo, so they do not interfere. Axe is work
    // for the CPU, so more readers than that only make two cores take turns.
    const queue = [...paths];
    const found: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const context = await demoContext();
        const page = await context.newPage();
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          await page.goto(`${site}${path}`);
          await useTheme(page, "light");
          await pressWidgets(page);
          await codeBlocksSettled(page);
          if ((await page.locator("iframe").count()) > 0)
            found.push(`${path}: has a frame, which legacy mode would not test`);
          found.push(...(await violations(page, "light", path)));
          await useTheme(page, "dark");
          found.push(...(await violations(page, "dark", path, COLOUR_RULES)));
        }
        await context.close();
      }),
    );
    expect(found).toEqual([]);
  });
});
