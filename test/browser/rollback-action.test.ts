/**
 * The incident, walked in Chromium: the demo is switched to a bad deploy, the engineer rolls Pages back
 * from the Rollback page with the keyboard alone, the page shows the verification passing, and the
 * deployment record and the audit log show who did it and why. Then the same panel on a 390 px phone
 * in the dark theme: nothing wider than the screen, and axe finds no serious problem in it.
 */
import { randomUUID } from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentDetail, deploymentList } from "../../src/core/history/schemas.ts";
import { launchBrowser } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demoUrl = inject("demoUrl");
const LAST_GOOD = "54035b60-8935-4af3-8315-b5c5f41b494d";
const GOOD_COMMIT = "29cb07959f28a797ccea7f1f91301aebdb910fe7";

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
afterEach(async () => {
  await context?.close();
  context = undefined;
  await resetDemo();
});

async function reader(options: { phone?: boolean; theme?: "dark" } = {}): Promise<{ page: Page; errors: string[] }> {
  context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  await context.addInitScript((theme) => {
    localStorage.setItem("dashtray-runbook:environment", "demo");
    if (theme) localStorage.setItem("starlight-theme", theme);
  }, options.theme ?? "");
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  return { page, errors };
}

/** The action panel once Pages serves the older deployment: says so, picks nothing, calls nothing "last good". */
async function rolledBackState(page: Page): Promise<void> {
  const widget = page.locator("runbook-rollback-action");
  const said = widget.locator("[data-rolled-back]");
  await said.waitFor();
  expect(await said.innerText()).toMatch(/^Rolled back to 54035b60.*; roll forward to 3b3ecbb2.* when it is fixed\./);
  const select = widget.getByLabel("Deployment to serve");
  expect(await select.inputValue()).toBe("");
  expect(await select.locator("option").allInnerTexts()).not.toContainEqual(expect.stringContaining("last good"));
}

describe("the rollback action on the Rollback page", () => {
  it("walks the incident: bad deploy live, keyboard-only rollback, verification passes, recorded with who and why", async () => {
    await setDemo({ newestDeploy: "broken" });
    expect((await fetch(`${demoUrl}/api/health`)).status).toBe(503);
    const { page, errors } = await reader();
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator("runbook-rollback-action");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("ready");
    expect(await widget.locator("[data-live]").innerText()).toContain("3b3ecbb2");
    const select = widget.getByLabel("Deployment to serve");
    expect(await select.inputValue()).toBe(LAST_GOOD);
    expect(await select.locator("option").first().innerText()).toContain("last good");

    // Keyboard only: a wrong confirmation is caught on the page and focus goes to the field to fix.
    const reason = `checkout 500s after the price rounding deploy (${randomUUID().slice(0, 8)})`;
    await widget.getByLabel("Why (goes into the audit log)").focus();
    await page.keyboard.type(reason);
    await page.keyboard.press("Tab");
    await page.keyboard.type("production");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Roll back Pages");
    await page.keyboard.press("Enter");
    // The press's code loads when the form is first focused: the message comes once it has.
    await expect.poll(() => widget.locator("[data-form-status]").innerText()).toBe("Type demo to confirm.");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("confirm");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("demo");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");

    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 30_000 }).toBe("verified");
    expect(await widget.getAttribute("data-state")).toBe("pass");
    expect(await widget.locator("[data-result]").innerText()).toContain(
      "Rolled back and verified: Pages serves 54035b60",
    );
    const steps = await widget.locator("[data-steps]").innerText();
    expect(steps).toContain("local is rolling back: 3b3ecbb2");
    expect(steps).toContain("Cloudflare switched production to 54035b60");
    expect(steps).toMatch(/Smoke suite: pass/);
    expect(steps).toContain("as expected");
    // Focus is on the result, not back in the form where Enter would start a second rollback.
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-outcome-box"))).toBe(true);
    // The panel read the state again: the bad deploy is no longer live, and it names the last action.
    await expect.poll(() => widget.locator("[data-live]").innerText()).toContain("54035b60");
    expect(await widget.locator("[data-last]").innerText()).toContain(reason);
    await rolledBackState(page);
    expect((await fetch(`${demoUrl}/api/health`)).status).toBe(200);
    // A colleague arriving on a 390 px phone in the dark theme sees the same state, and the links panel
    // calls nothing older than the served deployment "last good".
    {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await phone.addInitScript(() => {
        localStorage.setItem("dashtray-runbook:environment", "demo");
        localStorage.setItem("starlight-theme", "dark");
      });
      const other = await phone.newPage();
      await other.goto(`${site}/rollback/cloudflare-pages/`);
      await expect
        .poll(() => other.locator("runbook-rollback-action").getAttribute("data-outcome"))
        .toBe("rolled-back");
      await rolledBackState(other);
      const links = other.locator('runbook-rollback-links[data-kind="pages"]');
      await links.locator("tr[data-deployment]").first().waitFor();
      expect(await links.locator('[data-mark="last-good"]').count()).toBe(0);
      expect(await links.locator('[data-mark="live"]').getAttribute("data-deployment")).toBe(LAST_GOOD);
      expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.close();
    }
    // The panel with its progress and result, in the light theme: nothing serious for axe.
    const light = await new AxeBuilder({ page }).include("runbook-rollback-action").analyze();
    expect(light.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual(
      [],
    );

    // The deployment record: a note saying who and why.
    const list = deploymentList.parse(await (await fetch(`${site}/api/deployments?env=demo`)).json());
    const noted = await Promise.all(
      list.deployments.map(async (d) =>
        deploymentDetail.parse(await (await fetch(`${site}/api/deployments/${d.id}`)).json()),
      ),
    );
    const note = noted.flatMap((d) => d.notes).find((n) => n.text.includes(reason));
    expect(note?.by).toBe("local");
    expect(note?.text).toContain("Rolled back and verified");

    // The audit log page: the row with who, the target and the reason.
    await page.goto(`${site}/after/audit-log/`);
    const row = page.locator('tr[data-kind="rollback-action"]', { hasText: reason });
    await row.first().waitFor();
    const text = await row.first().innerText();
    expect(text).toContain("local");
    expect(text).toContain("54035b60");
    expect(text).toContain("3b3ecbb2");
    expect(errors).toEqual([]);
  });

  it("Convex page: redeploys Convex at the good commit, and the page shows it verified", async () => {
    const { page, errors } = await reader();
    await page.goto(`${site}/rollback/convex/`);
    const widget = page.locator('runbook-rollback-action[data-kind="convex"]');
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("ready");
    expect(await widget.getByLabel("Commit to deploy").inputValue()).toBe(GOOD_COMMIT);
    await widget.getByLabel("Why (goes into the audit log)").fill("renewals break with the new backend");
    await widget.getByLabel(/^Type/).fill("demo");
    await widget.getByRole("button", { name: "Redeploy Convex" }).click();
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 30_000 }).toBe("verified");
    expect(await widget.locator("[data-steps]").innerText()).toContain("Convex runs 29cb079 now.");
    expect(await widget.locator("[data-result]").innerText()).toContain("Redeployed and verified");
    const convex = (await (await fetch(`${demoUrl}/convex/version`)).json()) as { commit: string };
    expect(convex.commit).toBe(GOOD_COMMIT);
    expect(errors).toEqual([]);
  });

  it("Cloudflare answers a 502 page and then nothing can be read back: the page says unknown and how to check", async () => {
    await setDemo({ rollbackAnswer: "error-page-502", rollbackApplied: "yes-then-outage" });
    const { page } = await reader();
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator("runbook-rollback-action");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("ready");
    await widget.getByLabel("Why (goes into the audit log)").fill("practising an unclear answer");
    await widget.getByLabel(/^Type/).fill("demo");
    await widget.getByRole("button", { name: "Roll back Pages" }).click();
    await expect.poll(() => widget.getAttribute("data-outcome"), { timeout: 30_000 }).toBe("unknown");
    expect(await widget.getAttribute("data-state")).toBe("warn");
    const steps = await widget.locator("[data-steps]").innerText();
    expect(steps).toContain("Unclear answer, reading back what is live: the Cloudflare API failed with HTTP 502");
    expect(steps).toContain("(could not tell)");
    expect(steps).not.toContain("Smoke suite");
    const result = await widget.locator("[data-outcome-box]").innerText();
    expect(result).toContain("Unknown whether Pages rolled back");
    expect(result).toContain("npx wrangler pages deployment list --project-name dashtray --environment production");
  });

  it("an environment where it is off shows why and no button", async () => {
    const { page } = await reader();
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    await page.locator("runbook-env-picker select").first().selectOption("staging");
    const widget = page.locator("runbook-rollback-action");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("unavailable");
    expect(await widget.locator("[data-why]").innerText()).toContain("rollbackAction.enabled");
    expect(await widget.getByRole("button", { name: "Roll back Pages" }).isVisible()).toBe(false);
  });

  it("on a 390 px phone in the dark theme: fits the screen, and axe finds nothing serious in the panel", async () => {
    const { page } = await reader({ phone: true, theme: "dark" });
    await page.goto(`${site}/rollback/cloudflare-pages/`);
    const widget = page.locator("runbook-rollback-action");
    await expect.poll(() => widget.getAttribute("data-outcome")).toBe("ready");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const box = await widget.locator("[data-form]").boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    const press = await widget.getByRole("button", { name: "Roll back Pages" }).boundingBox();
    expect(press && press.x + press.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const result = await new AxeBuilder({ page }).include("runbook-rollback-action").analyze();
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});
