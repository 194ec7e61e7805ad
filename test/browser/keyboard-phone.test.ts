import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(async () => {
  await context?.close();
  await resetDemo();
});

/** A fresh reader (desktop, or a 390 × 844 phone) with `environment` already picked. */
async function reader(options: { phone?: boolean; environment?: string } = {}): Promise<Page> {
  context = await browser.newContext({
    ...(options.phone && { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site });
  await context.addInitScript(
    (env) => localStorage.setItem("dashtray-runbook:environment", env),
    options.environment ?? "demo",
  );
  return context.newPage();
}

/** Which element has keyboard focus, as text a failure message can show. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 40) ?? ""}` : "none";
  });
}

/** Counts the page's requests to an API path, so a test can tell a second press really ran. */
function countRequests(page: Page, method: string, pathPart: string): () => number {
  let n = 0;
  page.on("request", (req) => {
    if (req.method() === method && new URL(req.url()).pathname.includes(pathPart)) n += 1;
  });
  return () => n;
}

/** Presses Enter on a focused button, twice in a row, as a keyboard user re-running would. */
async function pressTwice(page: Page, button: Locator, widget: Locator, requests: () => number): Promise<void> {
  await button.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => widget.getAttribute("data-state")).not.toMatch(/idle|running/);
  expect(await focused(page), "focus stayed on the button after the run").toBe(
    await button.evaluate((b) => `button ${b.textContent?.trim().slice(0, 40)}`),
  );
  await page.keyboard.press("Enter");
  await expect.poll(requests).toBe(2);
  await expect.poll(() => widget.getAttribute("data-state")).not.toMatch(/idle|running/);
}

describe("keyboard only", () => {
  it("Verify: Enter runs the check, focus stays on the button, Enter runs it again, the result is announced", async () => {
    const page = await reader();
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    const widget = page.locator('runbook-check[data-check="frontend"]');
    const button = widget.getByRole("button", { name: "Verify" });
    await pressTwice(page, button, widget, countRequests(page, "POST", "/api/checks/frontend/run"));
    expect(await widget.getByRole("status").innerText()).toMatch(/^✓ Pass · HTTP 200/);
  });

  it("Verify all: Enter runs the suite, focus stays, Enter runs it again", async () => {
    const page = await reader();
    await page.goto(`${site}/deploy/5-smoke-tests/`);
    const widget = page.locator("runbook-verify-all");
    const button = widget.getByRole("button", { name: "Verify all" });
    // One press lists the checks once, then runs each in an invocation of its own.
    await pressTwice(page, button, widget, countRequests(page, "GET", "/api/checks"));
    expect(await widget.getByRole("status").innerText()).toContain("criteria met");
    // Every figure agrees: the sample shown is the slowest, so its latency is the p95 of its five samples.
    const rows = await widget.locator(".rw-progress summary").allInnerTexts();
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const [, shown, p95] =
        row.match(/in (\d+) ms;.*\(worst of 5 samples shown; all 5: 0 errors, p50 \d+ ms, p95 (\d+) ms\)/) ?? [];
      expect(shown, row).toBeDefined();
      expect(shown, row).toBe(p95);
    }
  });

  it("the picker: arrow keys pick Production; the page marks it and says its settings are placeholders", async () => {
    const page = await reader();
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    const badge = page.locator("[data-env-badge]");
    await expect.poll(() => badge.innerText()).toBe("Demo");
    const select = page.locator("runbook-env-picker select").first();
    await select.focus();
    // Demo, Staging, Production: two steps down.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => select.inputValue()).toBe("production");
    await expect.poll(() => badge.innerText()).toBe("PRODUCTION");
    expect(await page.evaluate(() => document.documentElement.hasAttribute("data-runbook-production"))).toBe(true);
    expect(await page.locator("runbook-env-picker [data-note]").first().innerText()).toContain("Placeholder settings");
    const widget = page.locator('runbook-check[data-check="frontend"]');
    await widget.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => widget.getAttribute("data-state")).toBe("error");
    expect(await widget.locator("[data-placeholder-note]").innerText()).toContain(
      "shipped placeholder settings (targets.app",
    );
    await expect.poll(() => page.locator("runbook-deploy-version [data-placeholder-note]").count()).toBe(1);
  });

  it("the picker: a switch while the first reads are on their way wins; the late demo answers change nothing", async () => {
    const page = await reader();
    // The version panel's first read (demo) and the picker's list of environments are held back.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/api\/(version\?env=demo|environments)$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    const panel = page.locator("runbook-deploy-version");
    await expect.poll(() => panel.getAttribute("data-state")).toBe("running");
    const select = page.locator("runbook-env-picker select").first();
    await select.selectOption("production");
    // Production's answer (its settings are placeholders) is shown while the demo's is still held.
    await expect.poll(() => panel.locator("[data-placeholder-note]").count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.getAttribute("data-state")).not.toBe("running");
    const late = [
      page.waitForResponse((r) => r.url().endsWith("/api/version?env=demo")),
      page.waitForResponse((r) => r.url().endsWith("/api/environments")),
    ];
    release();
    await Promise.all(late);
    // Both late answers are read and dropped: the panel, the select and the badge still say production.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await panel.getAttribute("data-environment")).not.toBe("demo");
    expect(await panel.locator("[data-placeholder-note]").count()).toBe(1);
    expect(await panel.getAttribute("data-state")).not.toBe("running");
    expect(await select.inputValue()).toBe("production");
    expect(await page.locator("[data-env-badge]").innerText()).toBe("PRODUCTION");
  });

  it("the checklist: Space ticks the focused box, and pressing an item's words ticks it too", async () => {
    const page = await reader();
    await page.goto(`${site}/after/monitoring-checklist/`);
    const list = page.locator("runbook-checklist").first();
    await expect.poll(() => list.getAttribute("data-items")).not.toBeNull();
    const first = list.locator("li.task-list-item").first();
    const box = first.locator('input[type="checkbox"]').first();
    await box.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => box.isChecked()).toBe(true);
    const second = list.locator("li.task-list-item").nth(1);
    await second.locator("label").first().click();
    await expect.poll(() => second.locator('input[type="checkbox"]').first().isChecked()).toBe(true);
    await expect.poll(() => list.getAttribute("data-done")).toBe("2");
  });

  it("rollback copy buttons: after a rollback, Enter on the newest row's button copies the roll-forward command", async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    const page = await reader();
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator('runbook-rollback-links[data-kind="pages"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    const forward = widget.locator('tr[data-mark="newest"] button');
    expect(await forward.innerText()).toBe("Copy roll-forward command");
    await forward.focus();
    expect(await focused(page)).toBe("button Copy roll-forward command");
    await page.keyboard.press("Enter");
    await expect.poll(() => forward.innerText()).toBe("Copied");
    const newest = await widget.locator('tr[data-mark="newest"]').getAttribute("data-deployment");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`/deployments/${newest}/rollback`);
    expect(await focused(page)).toBe("button Copied");
  });
});

describe("on a 390 × 844 phone", () => {
  const stepPages = [1, 2, 3, 4, 5, 6].map((n) => `/deploy/${n}-`);
  const rollbackPages = ["/rollback/", "/rollback/cloudflare-pages/", "/rollback/convex/", "/rollback/git/"];
  /** Widgets that draw a table once pressed or loaded: their pages are checked after pressing them. */
  const TABLE_WIDGETS = [
    "runbook-check",
    "runbook-verify-all",
    "runbook-rollback-links",
    "runbook-webhook-probe",
    "runbook-deployment-log",
    "runbook-audit-log",
  ];

  it("every page: the environment shows without opening the menu, nothing scrolls sideways, every scrolling box can be reached", {
    timeout: 600_000,
  }, async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    const page = await reader({ phone: true });
    const sitemap = await (await fetch(`${site}/sitemap-0.xml`)).text();
    const all = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "/").pathname);
    expect(all.filter((p) => stepPages.some((s) => p.startsWith(s)) || rollbackPages.includes(p))).toHaveLength(10);
    const problems: string[] = [];
    let pressed = 0;
    for (const path of all) {
      await page.goto(`${site}${path}`);
      // On a phone the header's own select shows the environment (and switches it) in the badge's place.
      const header = page.locator("[data-env-header] select");
      await expect.poll(() => header.isVisible(), { message: `${path}: environment in the header` }).toBe(true);
      expect(await header.inputValue(), path).toBe("demo");
      const tables = await page.locator(TABLE_WIDGETS.join(", ")).count();
      if (tables > 0 || stepPages.some((s) => path.startsWith(s)) || rollbackPages.includes(path)) {
        pressed += 1;
        await page.waitForFunction(
          () => document.querySelectorAll('.runbook-widget[data-state="running"]').length === 0,
        );
        for (const button of await page.locator(".runbook-widget [data-run]:visible").all()) await button.click();
        await page.waitForFunction(
          () => document.querySelectorAll('.runbook-widget[data-state="running"]').length === 0,
        );
      }
      // Every disclosure open (the demo's "More switches", the widgets' details): still no sideways scrolling.
      await page.evaluate(() => {
        for (const d of document.querySelectorAll<HTMLDetailsElement>("main details")) d.open = true;
      });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) problems.push(`${path}: the page is ${width} px wide`);
      // What axe's scrollable-region-focusable and landmark-unique ask, read from the DOM: a box that
      // scrolls sideways must take focus (or hold something that does), and a region needs a name.
      problems.push(
        ...(
          await page.evaluate(() => {
            const out: string[] = [];
            const focusable = "a[href], button, input, select, textarea, [tabindex]";
            for (const el of document.querySelectorAll<HTMLElement>("body *")) {
              const style = getComputedStyle(el);
              const scrolls = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
              if (
                scrolls &&
                el.getClientRects().length > 0 &&
                !el.matches("[tabindex]") &&
                !el.querySelector(focusable)
              )
                out.push(`a box that scrolls but cannot be reached: ${el.tagName.toLowerCase()}.${el.className}`);
              if (el.getAttribute("role") === "region" && el.getClientRects().length > 0) {
                const name = el.getAttribute("aria-label") ?? el.getAttribute("aria-labelledby") ?? "";
                if (!name.trim()) out.push(`a region without a name: ${el.tagName.toLowerCase()}.${el.className}`);
              }
            }
            return out;
          })
        ).map((p) => `${path}: ${p}`),
      );
    }
    expect(pressed).toBeGreaterThanOrEqual(20);
    expect(problems).toEqual([]);
  });

  it("the rollback table scrolls inside its widget and its buttons can be reached", async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    const page = await reader({ phone: true });
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator('runbook-rollback-links[data-kind="pages"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    const region = widget.getByRole("region", { name: "Production deployments" });
    const box = await region.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    const button = widget.locator('tr[data-mark="newest"] button');
    await button.scrollIntoViewIfNeeded();
    const shown = await button.boundingBox();
    expect(shown && shown.x >= 0 && shown.x + shown.width <= 390).toBe(true);
  });

  it("the picker: in the menu on a phone; picking Production marks the page in red and the header says so", async () => {
    const page = await reader({ phone: true });
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    await page.getByRole("button", { name: "Menu" }).click();
    const select = page.locator("runbook-env-picker select").filter({ visible: true });
    await select.selectOption("production");
    await page.getByRole("button", { name: "Menu" }).click();
    const header = page.locator("[data-env-header]");
    await expect.poll(() => header.getAttribute("data-kind")).toBe("production");
    expect(await header.isVisible()).toBe(true);
    expect(await header.locator("select").inputValue()).toBe("production");
    expect(await page.evaluate(() => document.documentElement.dataset.runbookProduction)).toBe("");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
