import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openBrowser, watchErrors } from "../support/browser.ts";
import { useDemoBrowser } from "../support/demo-browser.ts";

const site = inject("siteUrl");
let page: Page;
useDemoBrowser((browser) => {
  page = browser.page;
});

/** Opens a page of the runbook on the demo, with nothing kept from earlier tests in this browser. */
async function open(path: string, { fresh = false } = {}): Promise<void> {
  await page.goto(`${site}${path}`);
  if (fresh) {
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  }
  const select = page.locator("runbook-env-picker select").first();
  await select.waitFor({ state: "visible" });
  if ((await select.inputValue()) !== "demo") await select.selectOption("demo");
}

function checklist(id: string) {
  return page.locator(`runbook-checklist[data-checklist="${id}"]`);
}

async function progress(id: string): Promise<string> {
  return checklist(id).locator("[data-progress]").innerText();
}

/** Presses a Verify button and waits for it to pass. */
async function verify(check: ReturnType<Page["locator"]>): Promise<void> {
  await check.getByRole("button", { name: "Verify" }).click();
  await expect.poll(() => check.getAttribute("data-state")).toBe("pass");
}

describe("checklists in Chromium", () => {
  it("ticks items and keeps them after a reload", async () => {
    const errors = watchErrors(page);
    await open("/after/post-deployment-tasks/", { fresh: true });
    await expect.poll(() => progress("post-deployment")).toBe("0 of 7 done");
    const list = checklist("post-deployment");
    await list.getByRole("checkbox", { name: "Monitor error logs" }).check();
    await list.getByRole("checkbox", { name: "Check user feedback" }).check();
    await expect.poll(() => progress("post-deployment")).toBe("2 of 7 done");

    await page.reload();
    await expect.poll(() => progress("post-deployment")).toBe("2 of 7 done");
    expect(await list.getByRole("checkbox", { name: "Monitor error logs" }).isChecked()).toBe(true);
    expect(await list.getByRole("checkbox", { name: "Check user feedback" }).isChecked()).toBe(true);
    expect(await list.getByRole("checkbox", { name: "Plan next release" }).isChecked()).toBe(false);
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("starts empty for a new deployment or another environment, and keeps the old deployment's ticks", async () => {
    await open("/after/post-deployment-tasks/", { fresh: true });
    const list = checklist("post-deployment");
    const deployment = list.locator("[data-deployment]");
    await expect.poll(() => deployment.innerText()).toMatch(/^demo · \d{4}-\d{2}-\d{2}$/);
    const day = await deployment.innerText();
    await list.getByRole("checkbox", { name: "Monitor error logs" }).check();
    await expect.poll(() => progress("post-deployment")).toBe("1 of 7 done");

    await page.locator("runbook-env-picker select").first().selectOption("staging");
    await expect.poll(() => progress("post-deployment")).toBe("0 of 7 done");
    expect(await deployment.innerText()).toMatch(/^staging · /);
    await page.locator("runbook-env-picker select").first().selectOption("demo");
    await expect.poll(() => progress("post-deployment")).toBe("1 of 7 done");

    await list.getByRole("button", { name: "New deployment" }).click();
    await expect.poll(() => progress("post-deployment")).toBe("0 of 7 done");
    expect(await deployment.innerText()).toMatch(/^demo · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await list.getByRole("checkbox", { name: "Monitor error logs" }).isChecked()).toBe(false);
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.includes(":checklist:post-deployment:")),
    );
    expect(stored).toEqual([`dashtray-runbook:checklist:post-deployment:${day.replace(" · ", "/")}`]);

    await list.getByRole("checkbox", { name: "Plan next release" }).check();
    await expect.poll(() => progress("post-deployment")).toBe("1 of 7 done");
    await list.getByRole("button", { name: "Reset" }).click();
    await expect.poll(() => progress("post-deployment")).toBe("0 of 7 done");
    expect(await list.getByRole("checkbox", { name: "Plan next release" }).isChecked()).toBe(false);
  });

  it("ticks an item when the check inside it passes on the demo", async () => {
    const errors = watchErrors(page);
    await open("/after/monitoring-checklist/", { fresh: true });
    await expect.poll(() => progress("monitoring")).toBe("0 of 9 done");
    const apiItem = checklist("monitoring").locator('li[data-linked-check="api-plans"]');
    const webhookItem = checklist("monitoring").locator('li[data-linked-check="webhook-endpoint"]');
    expect(await apiItem.getByRole("checkbox").isChecked()).toBe(false);

    await verify(apiItem.locator("runbook-check"));
    await expect
      .poll(() => apiItem.getByRole("checkbox", { name: "API endpoints are responding" }).isChecked())
      .toBe(true);
    expect(await apiItem.locator("[data-ticked-by]").innerText()).toMatch(
      /\(ticked when “Public API answers with plans” passed at \d{1,2}:\d{2}:\d{2}/,
    );
    await verify(webhookItem.locator("runbook-check"));
    await expect.poll(() => progress("monitoring")).toBe("2 of 9 done");

    await page.reload();
    await expect.poll(() => progress("monitoring")).toBe("2 of 9 done");
    expect(errors, errors.join("\n")).toEqual([]);
  });
});

describe("a deployment walked through on the demo", () => {
  it("verifies, runs the smoke tests, ticks the monitoring checklist and exports a record that says so", async () => {
    const errors = watchErrors(page);
    await open("/deploy/4-verify-deployment/", { fresh: true });
    for (const id of ["frontend", "app-health", "convex-version"])
      await verify(page.locator(`runbook-check[data-check="${id}"]`).first());

    await open("/deploy/5-smoke-tests/");
    const smoke = page.locator("runbook-verify-all");
    await smoke.getByRole("button", { name: "Verify all" }).click();
    await expect.poll(() => smoke.getAttribute("data-state")).toBe("pass");

    await open("/after/monitoring-checklist/");
    const monitoring = checklist("monitoring");
    for (const name of ["Uptime monitoring is active", "Error tracking is receiving events", "Rate limiting is active"])
      await monitoring.getByRole("checkbox", { name }).check();
    await verify(monitoring.locator('li[data-linked-check="api-plans"] runbook-check'));
    await expect.poll(() => progress("monitoring")).toBe("4 of 9 done");

    await open("/after/version-tracking/");
    const record = page.locator("runbook-deployment-record");
    await expect.poll(() => record.getAttribute("data-fill")).toMatch(/^(done|error)$/);
    await record.getByLabel("Deployed by").fill("Ada Lovelace");
    await record.getByLabel("Issues and notes").fill("Nothing odd.");
    expect(await record.getByLabel("Frontend commit").inputValue()).toMatch(/^[0-9a-f]{7,40}$/);
    expect(await record.locator("[data-checklists]").innerText()).toContain("Monitoring Checklist: 4 of 9 done");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      record.getByRole("button", { name: "Download Markdown" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^deployment-demo-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = await readFile(await download.path(), "utf8");
    expect(markdown).toMatch(/^## Deployment \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\n/);
    expect(markdown).toContain("- Environment: demo\n");
    expect(markdown).toContain("- Deployed by: Ada Lovelace\n");
    expect(markdown).toMatch(/- Frontend commit: [0-9a-f]{7,40} /);
    expect(markdown).toMatch(/- Checks: Verify all pass at .*Error rate \\< 1%/);
    expect(markdown).toContain("- Success criteria met: yes");
    for (const id of ["frontend", "app-health", "convex-version", "api-plans"])
      expect(markdown).toMatch(new RegExp(`\\(\`${id}\`\\) \\| ✅ pass \\|`));
    expect(markdown).toContain("**Monitoring Checklist**: 4 of 9 done");
    expect(markdown).toContain("- [x] API endpoints are responding (ticked when `api-plans` passed)");
    expect(markdown).toContain("- [ ] Cron jobs are executing");
    expect(markdown).toContain("### Issues and notes\n\nNothing odd.");

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      record.getByRole("button", { name: "Download JSON" }).click(),
    ]);
    const data = JSON.parse(await readFile(await json.path(), "utf8"));
    expect(data.environment).toBe("demo");
    expect(
      data.checklists.map((c: { id: string; done: number; total: number }) => `${c.id} ${c.done}/${c.total}`),
    ).toEqual(["monitoring 4/9"]);

    await page.reload();
    await expect.poll(() => record.getByLabel("Deployed by").inputValue()).toBe("Ada Lovelace");
    expect(await record.getByLabel("Issues and notes").inputValue()).toBe("Nothing odd.");
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);
});

describe("without JavaScript", () => {
  it("reads as plain checklists, the record template, and contacts that never pass a placeholder off as one", async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      const p = noJs.page;
      await p.goto(`${site}/after/monitoring-checklist/`);
      const boxes = p.locator('runbook-checklist[data-checklist="monitoring"] input[type="checkbox"]');
      expect(await boxes.count()).toBe(9);
      expect(await boxes.first().isDisabled()).toBe(true);
      expect(await p.locator("runbook-checklist [data-bar]").isHidden()).toBe(true);
      expect(await p.locator("runbook-checklist").innerText()).toContain("Integration syncs are running");

      await p.goto(`${site}/after/version-tracking/`);
      expect(await p.locator("runbook-deployment-record [data-form]").isHidden()).toBe(true);
      expect(await p.locator("main").innerText()).toContain("## Deployment <YYYY-MM-DD HH:MM> <time zone>");

      await p.goto(`${site}/incidents/emergency-contacts/`);
      const onCall = p.locator('li[data-contact="on-call"]');
      // No placeholder reads like a contact: the line says it is missing and what to do meanwhile,
      // and the note under it names the config field to fill in.
      expect(await onCall.getAttribute("data-configured")).toBe("false");
      const onCallText = await onCall.innerText();
      expect(onCallText).toMatch(/^On-Call Engineer: ⚠ Not configured yet\. Meanwhile, mid-incident: roll back first/);
      expect(onCallText).toContain("use the vendor desks below");
      expect(onCallText).not.toMatch(/\[[^\]]*\]/);
      expect(await onCall.getByRole("link", { name: "Rollback Procedure" }).getAttribute("href")).toBe("/rollback/");
      const fix = await p.locator("[data-on-call-fix]").innerText();
      expect(fix).toContain("in runbook.config.json, add contacts.onCall with a name");
      expect(await p.getByRole("complementary", { name: "Source runbook said" }).innerText()).toContain(
        "On-Call Engineer: [phone/slack]",
      );
      expect(await p.locator('li[data-contact="vendor"]').allInnerTexts()).toEqual([
        "Convex Support: support@convex.dev",
        "Cloudflare Support: https://dash.cloudflare.com/support",
        "DodoPayments Support: support@dodopayments.com",
      ]);
    } finally {
      await noJs.close();
    }
  });
});
