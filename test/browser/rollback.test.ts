import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demo = inject("demoUrl");
const REPO = `${demo}/dashboards/github/dashtray/dashtray`;
const HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";
const BEFORE = "29cb07959f28a797ccea7f1f91301aebdb910fe7";
const NEWEST_DEPLOYMENT = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";
const BEFORE_DEPLOYMENT = "54035b60-8935-4af3-8315-b5c5f41b494d";
const DASHBOARD = `${demo}/dashboards/cloudflare/demo-account/pages/view/dashtray`;

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site });
  page = await context.newPage();
  errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
});
afterEach(async () => {
  await page.context().close();
  await resetDemo();
});

async function open(path: string): Promise<void> {
  await page.goto(`${site}${path}`);
  const select = page.locator("runbook-env-picker select").first();
  await select.waitFor({ state: "visible" });
  await select.selectOption("demo");
}

describe("Rollback pages in Chromium", () => {
  it("Cloudflare Pages: the successful production deployments, live marked, last good highlighted, with deep links", async () => {
    await open("/rollback/cloudflare-pages/");
    const widget = page.locator('runbook-rollback-links[data-kind="pages"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("pass");
    expect(await widget.getByRole("status").innerText()).toMatch(/Last good: 54035b60, \d+ (days?|h) ago\./);
    const rows = widget.locator("tbody tr");
    expect(await rows.count()).toBe(4);
    const live = widget.locator('tr[data-mark="live"]');
    expect(await live.innerText()).toContain("● Live");
    expect(await live.getAttribute("data-deployment")).toBe(NEWEST_DEPLOYMENT);
    const lastGood = widget.locator('tr[data-mark="last-good"]');
    expect(await lastGood.innerText()).toMatch(
      /★ Last good\s+54035b60\s+29cb079 Show renewal date on billing page\s+\d+ (days|h) ago/,
    );
    expect(await lastGood.locator("a[data-deep-link]").getAttribute("href")).toBe(`${DASHBOARD}/${BEFORE_DEPLOYMENT}`);
    expect(await lastGood.locator("a.rw-sha").getAttribute("href")).toBe(`${REPO}/commit/${BEFORE}`);
    const command = widget.locator("[data-command]").first();
    expect(await command.locator("pre").innerText()).toContain(`/deployments/${BEFORE_DEPLOYMENT}/rollback`);
    expect(await command.locator("pre").innerText()).toContain("$CLOUDFLARE_API_TOKEN");
    await command.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => command.getByRole("button").innerText()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
      `/deployments/${BEFORE_DEPLOYMENT}/rollback`,
    );
    expect(errors).toEqual([]);
  });

  it("already rolled back: says so first, the served deployment is the current state, the newest row rolls forward", async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    await open("/rollback/cloudflare-pages/");
    const widget = page.locator('runbook-rollback-links[data-kind="pages"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    const status = await widget.getByRole("status").innerText();
    expect(status).toMatch(/^! Already rolled back: Pages serves 54035b60 \(commit 29cb079\), the current state;/);
    expect(status).toContain("Verify it; roll forward when fixed.");
    const steps = widget.locator("ol.rw-steps > li");
    expect(await steps.evaluateAll((li) => li.map((l) => l.getAttribute("data-step")))).toEqual([
      "verify",
      "roll-forward",
      "if-bad-too",
    ]);
    expect(await steps.nth(1).locator("pre").innerText()).toContain(`/deployments/${NEWEST_DEPLOYMENT}/rollback`);
    expect(await steps.nth(2).innerText()).toMatch(/^Only if 54035b60 is bad too: roll back further to/);
    const newest = widget.locator('tr[data-mark="newest"]');
    expect(await newest.getAttribute("data-deployment")).toBe(NEWEST_DEPLOYMENT);
    expect(await newest.getByRole("button").innerText()).toBe("Copy roll-forward command");
    expect(await widget.locator('tr[data-mark="live"]').innerText()).toContain("Serving now");
    // Nothing older than the served deployment is called "last good" while it is the current state.
    expect(await widget.locator('tr[data-mark="last-good"]').count()).toBe(0);
    expect(await widget.locator('tr[data-action="if-bad-too"]').first().getByRole("button").innerText()).toBe(
      "Copy rollback command (only if 54035b60 is bad too)",
    );
    // Nothing offers a plain "rollback" once rolled back: that would be a second rollback by mistake.
    expect(await widget.getByRole("button", { name: "Copy rollback command", exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("Convex: the redeploy command with the good SHA and the Convex dashboard", async () => {
    await open("/rollback/convex/");
    const widget = page.locator('runbook-rollback-links[data-kind="convex"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    expect(await widget.getByRole("status").innerText()).toContain("The backend runs 0559c70; redeploy 29cb079.");
    expect(await widget.locator("pre").first().innerText()).toBe(
      `git fetch origin && git worktree add ../dashtray-rollback ${BEFORE} && cd ../dashtray-rollback && npm ci && npx convex deploy`,
    );
    expect(await widget.locator("a[data-dashboard]").getAttribute("href")).toBe(
      `${demo}/dashboards/convex/d/demo-dashtray-123`,
    );
    expect(await widget.locator("[data-copy]").count()).toBe(2);
  });

  it("Git: the revert command with real SHAs and the compare link", async () => {
    await open("/rollback/git/");
    const widget = page.locator('runbook-rollback-links[data-kind="git"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    expect(await widget.getByRole("status").innerText()).toContain("Revert 29cb079..0559c70 (2 commits).");
    expect(await widget.locator("a[data-compare]").getAttribute("href")).toBe(`${REPO}/compare/${BEFORE}...${HEAD}`);
    const commands = await widget.locator("pre").allInnerTexts();
    expect(commands).toContain(`git revert --no-edit ${BEFORE}..${HEAD}`);
  });

  it("Git, a commit GitHub does not know: a warning naming it, the revert commands only after a check", async () => {
    await setDemo({ gitScenario: "force-pushed" });
    await open("/rollback/git/");
    const widget = page.locator('runbook-rollback-links[data-kind="git"]');
    await expect.poll(() => widget.getAttribute("data-state")).toBe("warn");
    expect(await widget.getByRole("status").innerText()).toContain(`GitHub does not know commit ${HEAD}`);
    expect(await widget.locator('[data-warning="commit_unknown"]').innerText()).toContain("HTTP 404");
    const commands = await widget.locator("pre").allInnerTexts();
    expect(commands[0]).toBe(
      `git fetch origin && git cat-file -e '${BEFORE}^{commit}' && git cat-file -e '${HEAD}^{commit}'`,
    );
    expect(commands).toContain(`git revert --no-edit ${BEFORE}..${HEAD}`);
    expect(errors).toEqual([]);
  });

  it("with JavaScript off, the dashboard links from the config are there", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const off = await context.newPage();
    await off.goto(`${site}/rollback/cloudflare-pages/`);
    const link = off.locator('runbook-rollback-links [data-environment="production"] a');
    expect(await link.getAttribute("href")).toBe(
      "https://dash.cloudflare.com/REPLACE_WITH_ACCOUNT_ID/pages/view/dashtray",
    );
    expect(await off.locator("runbook-rollback-links noscript").count()).toBe(1);
    await context.close();
  });
});

describe("the version panel in Chromium", () => {
  it("shows in sync, then the drift once the demo is rolled back with a mismatched backend", async () => {
    await open("/rollback/");
    const panel = page.locator("runbook-deploy-version");
    await expect.poll(() => panel.getAttribute("data-state")).toBe("pass");
    expect(await panel.getByRole("status").innerText()).toContain("In sync on 0559c70");
    expect(await panel.locator('[data-row="pages"]').innerText()).toContain("3b3ecbb2");
    // The demo's staging stand-in feeds the drift lesson only; the demo's panel has no Staging row.
    expect(await panel.locator('[data-row="staging"]').count()).toBe(0);

    await setDemo({ pagesScenario: "rolled-back", versionScenario: "mismatch" });
    await panel.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => panel.getAttribute("data-state")).toBe("warn");
    expect(await panel.getByRole("status").innerText()).toContain("Drift: 2 warnings");
    const drift = panel.locator(".rw-drift li");
    expect(await drift.allInnerTexts()).toEqual([
      expect.stringContaining("! Frontend and backend run different commits"),
      expect.stringContaining("! Pages serves an older deployment: rolled back"),
      expect.stringContaining("i Staging is ahead of production"),
    ]);
    expect(await panel.locator('[data-drift="rolled_back"] a').getAttribute("href")).toBe(
      `${REPO}/compare/${BEFORE}...${HEAD}`,
    );
    expect(await panel.locator('[data-row="pages"]').innerText()).toContain("newest is 3b3ecbb2, not served");
    expect(errors).toEqual([]);
  });
});
