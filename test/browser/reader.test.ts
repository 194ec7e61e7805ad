/**
 * The 3 a.m. reader, in Chromium: one reader on a 390 px phone in the dark theme and one at 1280 px in the
 * light theme, each a single page reused across the tests. What they read must tell the truth: who is at
 * fault when the demo is down, what the demo is switched to, who is on call (or what to do meanwhile), what
 * search finds first, and an audit log of actions whose filters survive a reload.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, watchErrors } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");

interface Reader {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

let browser: Browser;
const readers: Reader[] = [];

async function reader(name: string, phone: boolean): Promise<Reader> {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: "dark" }
      : { viewport: { width: 1280, height: 800 }, colorScheme: "light" },
  );
  await context.addInitScript(
    (theme) => {
      localStorage.setItem("dashtray-runbook:environment", "demo");
      localStorage.setItem("starlight-theme", theme);
    },
    phone ? "dark" : "light",
  );
  const page = await context.newPage();
  return { name, context, page, errors: watchErrors(page) };
}

beforeAll(async () => {
  browser = await launchBrowser();
  readers.push(await reader("phone, dark", true), await reader("desktop, light", false));
});
afterAll(async () => {
  for (const r of readers) await r.context.close();
  await browser?.close();
});
afterEach(async () => {
  await resetDemo();
  for (const r of readers) expect(r.errors, `${r.name}: ${r.errors.join("\n")}`).toEqual([]);
});

/** No sideways scrolling: the page is no wider than the viewport. */
async function fitsWidth(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(width);
}

/** How many lines the text of `selector`'s first match takes: 1 when no word was broken across lines. */
function lines(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
}

/** Every cell of the tables in `scope` lies within the screen (nothing off to the side, nothing cut). */
async function cellsOnScreen(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} td, ${scope} tbody th`).evaluateAll((cells) =>
    cells
      .filter((c) => c.getClientRects().length > 0)
      .filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5 || c.scrollWidth > c.clientWidth + 1)
      .map((c) => `${c.getAttribute("data-label") ?? "?"}: ${c.textContent?.slice(0, 40)}`),
  );
}

describe("the 3 a.m. reader", () => {
  it("every table reads on a phone (stacked, label: value) and at 1280 px (no word broken)", async () => {
    // A deployment on the log, and a run in the audit log, so both tables have rows; and a run of a
    // check that does not exist, whose 63-character id (no place to break) is audited as its target.
    await fetch(`${site}/api/checks/app-health/run?env=demo`, { method: "POST" });
    await fetch(`${site}/api/checks/${"unbroken".repeat(7)}nobreak/run?env=demo`, { method: "POST" });
    for (const { page, name } of readers) {
      const phone = name.startsWith("phone");
      await page.goto(`${site}/after/version-tracking/`);
      const log = page.locator("runbook-deployment-log");
      await expect.poll(() => log.locator("[data-history-rows] tr[data-deployment-id]").count()).toBeGreaterThan(3);
      const status = "runbook-deployment-log [data-history-rows] td[data-status]";
      expect(await page.locator(status).first().getAttribute("data-label")).toBe("Status");
      expect(await lines(page, status), `${name}: Status on one line`).toBe(1);
      expect(await lines(page, "runbook-deployment-log [data-history-rows] td"), `${name}: Date on one line`).toBe(1);
      expect(await cellsOnScreen(page, "runbook-deployment-log"), name).toEqual([]);
      if (phone)
        expect(
          await page
            .locator(status)
            .first()
            .evaluate((td) => getComputedStyle(td, "::before").content),
        ).toBe('"Status"');

      // The phone sweep once found the log's page 458 px wide with the history stacked: never again.
      await fitsWidth(page);

      await page.goto(`${site}/after/audit-log/`);
      const rows = page.locator("runbook-audit-log [data-audit-rows]");
      await expect.poll(() => rows.locator("tr[data-kind]").count()).toBeGreaterThan(0);
      expect(await lines(page, "runbook-audit-log td[data-outcome]"), `${name}: Outcome on one line`).toBe(1);
      expect(await lines(page, "runbook-audit-log [data-audit-rows] td"), `${name}: Time on one line`).toBe(1);
      expect(await cellsOnScreen(page, "runbook-audit-log"), name).toEqual([]);

      // The check results: Expected and Actual on screen, the health check's Actual whole.
      await page.goto(`${site}/deploy/4-verify-deployment/`);
      const check = page.locator('runbook-check[data-check="app-health"]').first();
      await check.getByRole("button", { name: "Verify" }).click();
      await expect.poll(() => check.getAttribute("data-state")).toMatch(/pass|warn|fail/);
      expect(await cellsOnScreen(page, 'runbook-check[data-check="app-health"]'), name).toEqual([]);
      const actual = check.locator('td[data-label="Actual"]').last();
      expect(await actual.innerText()).not.toContain("…");
      await fitsWidth(page);
    }
  });

  it("a wide table that must stay a table shows that it scrolls", async () => {
    const { page } = readers[0] as Reader;
    await setDemo({ pagesScenario: "rolled-back" });
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const region = page.getByRole("region", { name: "Production deployments" });
    await region.waitFor();
    expect(await region.evaluate((r) => r.scrollWidth > r.clientWidth)).toBe(true);
    expect(await region.evaluate((r) => getComputedStyle(r).backgroundImage)).toContain("radial-gradient");
    await fitsWidth(page);
  });

  it("the reference's widest tables: a named region keyboard users reach, scrolling on a phone", async () => {
    for (const { page, name } of readers) {
      await page.goto(`${site}/reference/upstream-failures/`);
      const region = page.getByRole("region", { name: "Table: Deploy workflow runs: every status and conclusion" });
      expect(await region.getAttribute("tabindex"), name).toBe("0");
      expect(await region.locator("th").first().innerText(), name).toBe("Status");
      if (name.startsWith("phone")) {
        expect(await region.evaluate((r) => r.scrollWidth > r.clientWidth), name).toBe(true);
        await region.focus();
        await page.keyboard.press("ArrowRight");
        await expect.poll(() => region.evaluate((r) => r.scrollLeft), { message: name }).toBeGreaterThan(0);
      }
      await fitsWidth(page);
    }
  });

  it("the header: the whole title, and the environment shown and switchable on a phone", async () => {
    for (const { page, name } of readers) {
      await page.goto(`${site}/deploy/4-verify-deployment/`);
      const title = page.locator(".site-title span").first();
      expect(await title.evaluate((t) => t.scrollWidth <= t.clientWidth), `${name}: the title is clipped`).toBe(true);
      expect(await title.innerText()).toBe("Dashtray Runbook");
      const phone = name.startsWith("phone");
      const header = page.locator("[data-env-header]");
      const badge = page.locator("[data-env-badge]");
      await expect.poll(() => (phone ? header : badge).isVisible(), { message: name }).toBe(true);
      expect(await (phone ? badge : header).isVisible()).toBe(false);
      if (phone) {
        // Switch from the header, without opening the menu: every widget follows.
        await header.getByRole("combobox", { name: "Environment" }).selectOption("staging");
        await expect
          .poll(() => page.evaluate(() => document.documentElement.dataset.runbookEnvironment))
          .toBe("staging");
        // The full picker (in the menu) follows.
        expect(await page.locator("runbook-env-picker select").first().inputValue()).toBe("staging");
        await header.getByRole("combobox", { name: "Environment" }).selectOption("demo");
        await expect.poll(() => page.evaluate(() => localStorage.getItem("dashtray-runbook:environment"))).toBe("demo");
      } else expect(await badge.innerText()).toBe("Demo");
      await fitsWidth(page);
    }
  });

  it("step 4 with the demo down: the version panel blames the app and names only parts it shows", async () => {
    await setDemo({ mode: "down" });
    for (const { page, name } of readers) {
      await page.goto(`${site}/deploy/4-verify-deployment/`);
      const panel = page.locator("runbook-deploy-version").first();
      await expect.poll(() => panel.getAttribute("data-state"), { message: name }).toBe("warn");
      const frontend = await panel.locator('[data-row="frontend"]').innerText();
      expect(frontend).toContain("HTTP 503: the app itself is failing");
      expect(frontend).not.toContain("try again in a minute");
      const status = await panel.getByRole("status").innerText();
      expect(status).toContain("Incomplete: could not read frontend, backend (convex)");
      expect(status.toLowerCase()).not.toContain("staging");
      await fitsWidth(page);
    }
  });

  it("the demo's controls name every switch off its default, a bad deploy included", async () => {
    for (const { page, name } of readers) {
      await page.goto(`${site}/start-here/demo/`);
      const controls = page.locator("runbook-demo-controls");
      const note = controls.locator("[data-note]");
      await expect
        .poll(() => note.innerText(), { message: name })
        .toContain("The demo is healthy, every switch at its default.");
      await controls.locator("details summary").click();
      await controls.locator('select[data-setting="newestDeploy"]').selectOption("broken");
      await expect.poll(() => note.innerText()).toContain("The demo is healthy, with Newest Pages deployment: broken.");
      // Every disclosure open: still no sideways scrolling.
      await page.evaluate(() => {
        for (const d of document.querySelectorAll("details")) d.open = true;
      });
      await fitsWidth(page);
      await resetDemo();
    }
  });

  it("mid-incident, Need help lands on who is on call, or exactly what to fill in and what to do meanwhile", async () => {
    for (const { page, name } of readers) {
      await page.goto(`${site}/`);
      await page.locator("main").getByRole("link", { name: "Emergency Contacts" }).first().click();
      await page.waitForURL(/\/incidents\/emergency-contacts\/$/);
      const missing = page.locator("[data-on-call-missing]");
      expect(await missing.innerText(), name).toContain("roll back first");
      expect(await missing.getByRole("link", { name: "Rollback Procedure" }).getAttribute("href")).toBe("/rollback/");
      const fix = await page.locator("[data-on-call-fix]").innerText();
      for (const field of ["contacts.onCall", "name", "phone", "slack", "pagingUrl", "runbook.config.json"])
        expect(fix).toContain(field);
      expect(await page.locator("[data-on-call-example]").innerText()).toContain('"onCall"');
      expect(await page.locator('[data-contact="vendor"]').count()).toBe(3);
      await fitsWidth(page);
    }
  });

  it("a code block's Copied tooltip is readable in both themes", async () => {
    for (const { page, context, name } of readers) {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site });
      await page.goto(`${site}/rollback/convex/`);
      await page.locator(".expressive-code .copy button").first().click();
      const feedback = page.locator(".expressive-code .feedback.show").first();
      await feedback.waitFor();
      // The tooltip shows for 1.5 s, too short for a whole axe run: its colours are read as axe reads them
      // (WCAG relative luminance), white text on the tooltip's own background.
      const ratio = await feedback.evaluate((el) => {
        const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const lum = (css: string) => {
          const [r = 0, g = 0, b = 0] = rgb(css).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const style = getComputedStyle(el);
        const [light, dark] = [lum(style.color), lum(style.backgroundColor)].sort((a, b) => b - a);
        return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
      });
      expect(ratio, `${name}: the Copied tooltip's contrast`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("search puts the runbook's answer above the reference pages", async () => {
    const { page } = readers[1] as Reader;
    await page.goto(`${site}/`);
    for (const [query, expected] of [
      ["site is down", /\/rollback\/$/],
      ["who is on call", /\/incidents\/emergency-contacts\//],
    ] as const) {
      await page.getByRole("button", { name: /^Search/ }).click();
      const box = page.locator(".pagefind-ui__search-input");
      await box.fill(query);
      // The result count says the search for this query is done, not a partial list.
      await expect
        .poll(() => page.locator(".pagefind-ui__message").innerText(), { timeout: 15_000 })
        .toMatch(new RegExp(`results? for ${query}`));
      await expect.poll(() => page.locator(".pagefind-ui__result-link").count()).toBeGreaterThan(0);
      const hrefs = await page
        .locator(".pagefind-ui__result-link")
        .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(hrefs[0], `${query}: ${hrefs.join(", ")}`).toMatch(expected);
      await page.keyboard.press("Escape");
    }
  });

  it("the audit log shows actions, keeps its filters in the address, and finds a person by part of a name", async () => {
    // A read and a run: the read stays out unless asked for.
    await fetch(`${site}/api/version?env=demo`);
    await fetch(`${site}/api/checks/frontend/run?env=demo`, { method: "POST" });
    for (const { page, name } of readers) {
      await page.goto(`${site}/after/audit-log/`);
      const log = page.locator("runbook-audit-log");
      const rows = log.locator("[data-audit-rows]");
      await expect.poll(() => rows.locator('tr[data-kind="check"]').count(), { message: name }).toBeGreaterThan(0);
      expect(await rows.locator('tr[data-kind="version"]').count()).toBe(0);
      const time = rows.locator("tr[data-kind] time").first();
      expect(await time.getAttribute("title")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      expect(await time.innerText()).toMatch(/^(just now|\d+ min ago|\d+ h ago) · \d\d:\d\d$/);

      await log.getByLabel("Person").fill("LOC");
      await log.getByLabel(/Include reads/).check();
      await log.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForURL(/[?&]person=LOC/);
      expect(page.url()).toContain("reads=include");
      await expect.poll(() => rows.locator('tr[data-kind="version"]').count()).toBeGreaterThan(0);
      expect(await log.locator('[data-export="csv"]').getAttribute("href")).toContain("person=LOC");

      await page.reload();
      await expect.poll(() => log.getByLabel("Person").inputValue()).toBe("LOC");
      expect(await log.getByLabel(/Include reads/).isChecked()).toBe(true);
      await expect.poll(() => rows.locator('tr[data-kind="version"]').count()).toBeGreaterThan(0);
      await fitsWidth(page);
      await page.goto(`${site}/after/audit-log/`);
    }
  });
});
