/**
 * What the team saw, in Chromium: the demo's deployment rolled back from the Rollback page, and a press
 * of Verify all, reach the demo's Slack, webhook and PagerDuty sinks, and the demo page's "What the team
 * saw" panel lists them.
 * Then the Notifications widget on step 6 on a 390 px phone in the dark theme: the test message sent
 * from the keyboard, nothing wider than the screen, and nothing serious for axe.
 */
import { randomUUID } from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demoUrl = inject("demoUrl");

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  await fetch(`${demoUrl}/__demo/notifications`, { method: "POST", body: '{"clear":true}' });
});
afterAll(() => browser?.close());
afterEach(async () => {
  await context?.close();
  context = undefined;
  await resetDemo();
});

async function reader(options: { phone?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  await context.addInitScript((dark) => {
    localStorage.setItem("dashtray-runbook:environment", "demo");
    if (dark) localStorage.setItem("starlight-theme", "dark");
  }, options.phone ?? false);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors };
}

const serious = (result: { violations: { impact?: string | null; id: string }[] }) =>
  result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);

describe("What the team saw", () => {
  it("lists the rollback pressed on the Rollback page, as each channel received it", async () => {
    await setDemo({ newestDeploy: "broken" });
    const { page, errors } = await reader();
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator("runbook-rollback-action");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("ready");
    const reason = `checkout 500s after the deploy (${randomUUID().slice(0, 8)})`;
    await widget.getByLabel("Why (goes into the audit log)").fill(reason);
    await widget.getByLabel(/^Type/).fill("demo");
    await widget.getByRole("button", { name: "Roll back Pages" }).click();
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 30_000 }).toBe("verified");

    await page.goto(`${site}/start-here/demo/`);
    const panel = page.locator("runbook-team-saw");
    const items = panel.locator("[data-received] > li");
    // Pressed and verified, to each of the three sinks (PagerDuty gets the outcome as the resolve of a breach
    // of the last hours, when another test left one on the demo).
    const outcome = (t: string) => t.includes("Rollback on Demo: verified") || /PagerDuty .*resolve/.test(t);
    await expect.poll(async () => (await items.allInnerTexts()).filter(outcome).length, { timeout: 20_000 }).toBe(3);
    const texts = await items.allInnerTexts();
    expect(texts.filter((t) => t.includes("Rollback pressed on Demo"))).toHaveLength(3);
    expect(new Set(texts.filter(outcome).map((t) => t.split(" · ")[0]?.split(" ").at(-1)))).toEqual(
      new Set(["Slack", "Webhook", "PagerDuty"]),
    );
    // Headers and body behind each line: the reason is there, a channel key is not.
    const slack = items.filter({ hasText: "Slack · HTTP 200" }).filter({ hasText: "verified" }).first();
    await slack.locator("summary").click();
    const body = await slack.locator("pre").innerText();
    expect(body).toContain(reason);
    expect(body).toContain('"blocks"');
    expect(await panel.innerText()).not.toContain("demo0pagerduty0routing0key");
    expect(errors).toEqual([]);
  });

  it("lists the page's Verify all, judged by the Function once its last check was in", async () => {
    const { page, errors } = await reader();
    await page.goto(`${site}/deploy/5-smoke-tests/`);
    const widget = page.locator("runbook-verify-all");
    await widget.getByRole("button", { name: "Verify all" }).click();
    await expect
      .poll(() => widget.getByRole("status").innerText(), { timeout: 20_000 })
      .toMatch(/criteria (met|missed)/);
    const verdict = (await widget.getByRole("status").innerText()).includes("criteria met") ? "passed" : "failed";

    await page.goto(`${site}/start-here/demo/`);
    const items = page.locator("runbook-team-saw [data-received] > li");
    const heard = async () =>
      (await items.allInnerTexts()).filter((t) => t.includes(`Verify all ${verdict} on Demo`)).length;
    // Once to each of the three sinks, with the verdict the page showed.
    await expect.poll(heard, { timeout: 20_000 }).toBe(3);
    expect(errors).toEqual([]);
  });

  it("step 6 on a phone in the dark: the Notifications widget sends a test message from the keyboard", async () => {
    const { page, errors } = await reader({ phone: true });
    await page.goto(`${site}/deploy/6-monitor/`);
    const widget = page.locator("runbook-notifications");
    const button = widget.locator('[data-test-channel="demo-webhook"]');
    await button.waitFor();
    await button.focus();
    await page.keyboard.press("Enter");
    const answer = widget.locator('[data-channel="demo-webhook"] [data-test-answer]');
    await expect.poll(() => answer.innerText()).toMatch(/^delivered · HTTP 200/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(serious(await new AxeBuilder({ page }).include("runbook-notifications").analyze())).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("plans a deployment on the Deployment Schedule page and lists it with the window's verdict", async () => {
    const { page, errors } = await reader();
    await page.goto(`${site}/before/deployment-schedule/`);
    const widget = page.locator("runbook-planned-deployments");
    const form = widget.locator("form[data-plan]");
    await form.waitFor();
    // Mounted and its first read done: the form's own handler is in place.
    await expect.poll(() => widget.locator("[data-status]").innerText()).toMatch(/planned for demo/);
    const soon = new Date(Date.now() + 3 * 3600_000);
    const local = new Date(soon.getTime() - soon.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await widget.getByLabel(/^When/).fill(local);
    const what = `Billing page redesign ${randomUUID().slice(0, 6)}`;
    await widget.getByLabel("What will be deployed").fill(what);
    await widget.getByLabel(/Plan it even if/).check();
    const posted = page.waitForResponse(
      (r) => r.url().includes("/api/deployments/planned") && r.request().method() === "POST",
    );
    await widget.getByRole("button", { name: "Plan and announce" }).click();
    expect((await posted).status()).toBe(201);
    await expect.poll(() => widget.locator("[data-status]").innerText()).toContain(`Planned: ${what}`);
    await expect.poll(() => widget.locator("[data-planned]").innerText()).toContain(what);
    expect(await widget.locator("[data-planned]").innerText()).toMatch(/window: (best|ok|avoid)/);
    expect(errors).toEqual([]);
  });
});
