import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser, watchErrors } from "../support/browser.ts";
import { resetDemo } from "../support/demo.ts";

const site = inject("siteUrl");
type Browser = Awaited<ReturnType<typeof openBrowser>>;
let ana: Browser;
let ben: Browser;

beforeAll(async () => {
  [ana, ben] = await Promise.all([openBrowser(), openBrowser()]);
});
afterAll(async () => {
  // Close whatever this file left in progress, so other files' checklists start unshared.
  const list = (await (await fetch(`${site}/api/deployments?env=demo&limit=1`)).json()) as { current: number | null };
  if (list.current !== null)
    await fetch(`${site}/api/deployments/${list.current}/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "abandoned" }),
    });
  await Promise.all([ana?.close(), ben?.close()]);
  await resetDemo();
});

/** Opens a page on the demo environment. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${site}${path}`);
  const select = page.locator("runbook-env-picker select").first();
  await select.waitFor({ state: "visible" });
  if ((await select.inputValue()) !== "demo") await select.selectOption("demo");
}

describe("the shared deployment in two browsers", () => {
  it("shows one engineer's deployment, ticks and notes to another within seconds", async () => {
    const errors = watchErrors(ana.page);
    await open(ana.page, "/after/version-tracking/");
    await open(ben.page, "/after/version-tracking/");
    const anaLog = ana.page.locator("runbook-deployment-log");
    const benLog = ben.page.locator("runbook-deployment-log");
    // The demo's seeded history is the table both see.
    await expect.poll(() => benLog.locator("[data-history-rows] tr").count()).toBeGreaterThanOrEqual(4);
    expect(await benLog.locator("[data-history-rows]").innerText()).toContain("ben@dashtray.example");

    await anaLog.getByLabel("Target commit").fill("0badc0ffee0badc0ffee0badc0ffee0badc0ffee");
    await anaLog.getByLabel("Version", { exact: true }).fill("1.43.0");
    await anaLog.getByRole("button", { name: "Start deployment" }).click();
    await expect.poll(() => benLog.locator("[data-current]").innerText()).toContain("1.43.0 (0badc0ffee0b)");
    const id = await benLog.getAttribute("data-current");

    await anaLog.getByLabel("Add a note").fill("Convex deployed first; frontend next.");
    await anaLog.getByRole("button", { name: "Add note" }).click();
    await expect
      .poll(() => benLog.locator("[data-current-notes]").innerText())
      .toContain("local: Convex deployed first; frontend next.");

    await open(ana.page, "/after/monitoring-checklist/");
    await open(ben.page, "/after/monitoring-checklist/");
    const anaList = ana.page.locator('runbook-checklist[data-checklist="monitoring"]');
    const benList = ben.page.locator('runbook-checklist[data-checklist="monitoring"]');
    await expect.poll(() => anaList.locator("[data-shared-status]").innerText()).toContain(`deployment #${id}`);
    await anaList.getByRole("checkbox", { name: "Uptime monitoring is active" }).check();
    await expect
      .poll(() => benList.getByRole("checkbox", { name: "Uptime monitoring is active" }).isChecked())
      .toBe(true);
    expect(await benList.locator("[data-shared-by]").first().innerText()).toMatch(/ticked by local at/);

    await open(ben.page, "/after/version-tracking/");
    await expect
      .poll(() => benLog.locator("[data-current-ticks]").innerText())
      .toContain("Uptime monitoring is active (monitoring) · local");
    // One item of the runbook's checklists ticked and no monitor: the page asks first, and keeps the answer.
    await benLog.getByRole("button", { name: "Mark succeeded" }).click();
    const ask = benLog.locator("[data-finish-confirm]");
    await ask.waitFor();
    const asked = await ask.innerText();
    expect(asked).toMatch(
      /Not everything is done: \d+ of \d+ checklist items unticked \(.*monitoring \d+ of \d+ ticked/,
    );
    expect(asked).toContain("no monitor watch during this deployment");
    expect(await ben.page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("why");
    expect(await benLog.locator(`[data-deployment-id="${id}"] [data-status]`).innerText()).toBe("In progress");
    await ben.page.keyboard.type("demo practice run");
    await benLog.getByRole("button", { name: "Mark succeeded anyway" }).click();
    await expect.poll(() => benLog.locator(`[data-deployment-id="${id}"] [data-status]`).innerText()).toBe("Succeeded");
    const record = (await (await fetch(`${site}/api/deployments/${id}`)).json()) as { notes: { text: string }[] };
    expect(record.notes.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^Marked succeeded with \d+ of \d+ checklist items unticked .*: demo practice run$/),
    );
    expect(errors, errors.join("\n")).toEqual([]);
    // Eight page loads in two browsers: more than the default 30 s on a busy shared machine.
  }, 120_000);

  it("counts the notes a row of the list does not carry, and links the deployment's whole record", async () => {
    const json = { "content-type": "application/json" };
    const started = await fetch(`${site}/api/deployments?env=demo`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ targetCommit: "0123456789abcdef0123456789abcdef01234567" }),
    });
    const { deployment } = (await started.json()) as { deployment: { id: number } };
    // Two more than the list carries per deployment (SUMMARY_NOTES, 10).
    for (let i = 0; i < 12; i += 1) {
      const note = await fetch(`${site}/api/deployments/${deployment.id}/notes`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ text: `more-notes note ${i}`, idempotencyKey: `more-notes-${deployment.id}-${i}` }),
      });
      expect(note.status, await note.text()).toBeLessThan(300);
    }
    await fetch(`${site}/api/deployments/${deployment.id}/status`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ status: "abandoned" }),
    });
    await open(ana.page, "/after/version-tracking/");
    const more = ana.page.locator(`runbook-deployment-log tr[data-deployment-id="${deployment.id}"] [data-more-notes]`);
    await expect.poll(() => more.getAttribute("data-more-notes")).toBe("2");
    expect(await more.innerText()).toContain("2 more notes in its record");
    const record = await fetch(new URL((await more.locator("a").getAttribute("href")) ?? "", site));
    expect(record.status).toBe(200);
    expect(await record.text()).toContain("more-notes note 11");
  });

  it("shows a check run in one browser on the audit page of the other", async () => {
    await open(ben.page, "/after/audit-log/");
    const rows = ben.page.locator("runbook-audit-log [data-audit-rows]");
    await expect.poll(() => rows.innerText()).not.toContain("Loading");
    await open(ana.page, "/deploy/4-verify-deployment/");
    const check = ana.page.locator('runbook-check[data-check="convex-version"]').first();
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("pass");
    await expect
      .poll(() => rows.locator('tr[data-kind="check"]').first().innerText(), { timeout: 15_000 })
      .toContain("convex-version");
  }, 60_000);
});
