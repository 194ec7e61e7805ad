import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openBrowser, watchErrors } from "../support/browser.ts";
import { setDemo } from "../support/demo.ts";
import { useDemoBrowser } from "../support/demo-browser.ts";

const site = inject("siteUrl");
let page: Page;
useDemoBrowser((browser) => {
  page = browser.page;
});

/** The Verify widget for a check on the current page. */
function widget(id: string) {
  return page.locator(`runbook-check[data-check="${id}"]`).first();
}

async function pickEnvironment(id: string) {
  const select = page.locator("runbook-env-picker select").first();
  await select.waitFor({ state: "visible" });
  await select.selectOption(id);
}

describe("4. Verify Deployment in Chromium", () => {
  it("presses Verify and reads pass with the HTTP status and latency", async () => {
    const errors = watchErrors(page);
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    await pickEnvironment("demo");
    const check = widget("frontend");
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("pass");
    const status = await check.getByRole("status").innerText();
    expect(status).toMatch(/Pass · HTTP 200 · \d+ ms/);
    await expect.poll(() => check.locator("table").innerText()).toContain("200–299");
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("shows fail with the reason after the demo goes down", async () => {
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    await pickEnvironment("demo");
    const check = widget("frontend");
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("pass");

    await setDemo({ mode: "down" });
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("fail");
    expect(await check.getByRole("status").innerText()).toContain("HTTP 503");
    const summary = await check.locator(".rw-summary").innerText();
    expect(summary).toContain("HTTP status: expected 200–299, got 503");
  });

  it("switches the demo from its docs page and the check follows", async () => {
    await page.goto(`${site}/start-here/demo/`);
    await pickEnvironment("demo");
    const controls = page.locator("runbook-demo-controls");
    await expect.poll(() => controls.getAttribute("data-mode")).toBe("healthy");
    await controls.getByLabel(/Down/).check();
    await expect.poll(() => controls.getAttribute("data-mode")).toBe("down");
    const check = widget("frontend");
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("fail");
  });

  it("remembers the picked environment on another page", async () => {
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    await pickEnvironment("staging");
    await page.goto(`${site}/rollback/`);
    const select = page.locator("runbook-env-picker select").first();
    await expect.poll(() => select.inputValue()).toBe("staging");
    await pickEnvironment("demo");
  });

  it("says plainly when the API cannot be reached", async () => {
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    await pickEnvironment("demo");
    await page.route("**/api/checks/**", (route) => route.abort("connectionrefused"));
    const check = widget("frontend");
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("error");
    expect(await check.getByRole("status").innerText()).toContain("Could not run");
    expect(await check.locator(".rw-summary").innerText()).toContain("could not be reached");
    await page.unroute("**/api/checks/**");
  });
});

describe("with JavaScript off", () => {
  it("reads the step and the check's purpose without dead buttons", async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      await noJs.page.goto(`${site}/deploy/4-verify-deployment/`);
      const check = noJs.page.locator('runbook-check[data-check="frontend"]').first();
      expect(await check.locator(".rw-title").innerText()).toBe("Frontend serves the app");
      expect(await check.getByRole("button", { name: "Verify" }).isVisible()).toBe(false);
      expect(await check.innerText()).toContain("npm run verify -- --env production --check frontend");
    } finally {
      await noJs.close();
    }
  });
});

describe("the demo page's scenario switches", () => {
  it("rolls the demo's Pages history back from the page, and the version panel shows the drift", async () => {
    await page.goto(`${site}/start-here/demo/`);
    await pickEnvironment("demo");
    const controls = page.locator("runbook-demo-controls");
    await expect.poll(() => controls.getAttribute("data-mode")).toBe("healthy");
    await controls.getByText("More switches").click();
    const pages = controls.locator('select[data-setting="pagesScenario"]');
    await expect.poll(() => pages.isEnabled()).toBe(true);
    expect(await pages.inputValue()).toBe("normal");
    await pages.selectOption("rolled-back");
    await expect.poll(() => controls.locator("[data-note]").innerText()).toContain("The demo is healthy");

    await page.goto(`${site}/deploy/4-verify-deployment/`);
    const panel = page.locator("runbook-deploy-version");
    await expect.poll(() => panel.getAttribute("data-state")).toBe("warn");
    expect(await panel.locator('[data-drift="rolled_back"]').innerText()).toContain("rolled back");

    await page.goto(`${site}/start-here/demo/`);
    await controls.getByText("More switches").click();
    await controls.getByRole("button", { name: "Reset the demo" }).click();
    await expect.poll(() => controls.locator('select[data-setting="pagesScenario"]').inputValue()).toBe("normal");
  });
});
