import type { Locator, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openBrowser, watchErrors } from "../support/browser.ts";
import { setDemo } from "../support/demo.ts";
import { useDemoBrowser } from "../support/demo-browser.ts";

// The four Common Issues pages on the demo, read the way a person reads them: the verdict line first.
const site = inject("siteUrl");
const demo = inject("demoUrl");
let page: Page;
useDemoBrowser((browser) => {
  page = browser.page;
});

async function open(path: string, tag: string): Promise<Locator> {
  await page.goto(`${site}/incidents/common-issues/${path}/`);
  const select = page.locator("runbook-env-picker select").first();
  await select.waitFor({ state: "visible" });
  await select.selectOption("demo");
  return page.locator(tag);
}

/** Waits for the widget to settle and returns its verdict word and the status line a reader sees. */
async function verdict(widget: Locator): Promise<{ outcome: string | null; text: string }> {
  await expect.poll(() => widget.getAttribute("data-state")).not.toMatch(/^(running|idle)$/);
  return { outcome: await widget.getAttribute("data-outcome"), text: await widget.getByRole("status").innerText() };
}

describe("Common Issues widgets in Chromium, on the demo", () => {
  it("Environment Variables Not Loading: all set, then three missing, each with its command", async () => {
    const errors = watchErrors(page);
    const widget = await open("environment-variables-not-loading", "runbook-config-check");
    expect(await verdict(widget)).toEqual({ outcome: "complete", text: "✓ All 14 required variables are set" });
    await setDemo({ variablesScenario: "missing" });
    await widget.getByRole("button", { name: "Check again" }).click();
    const missing = await verdict(widget);
    expect(missing).toEqual({
      outcome: "missing",
      text: "✗ 3 missing: SENTRY_DSN (Pages), DODO_PAYMENTS_WEBHOOK_SECRET (Convex), CONVEX_DEPLOY_KEY (GitHub)",
    });
    const sentry = widget.locator('li[data-variable="SENTRY_DSN"]');
    expect(await sentry.innerText()).toContain("missing");
    expect(await sentry.locator("pre").innerText()).toBe(
      "npx wrangler pages secret put SENTRY_DSN --project-name dashtray",
    );
    expect(await widget.innerText()).not.toContain("DEMO-VALUE");
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("Webhooks Not Received: the probe says validation on, and OFF once the demo stops verifying", async () => {
    const errors = watchErrors(page);
    const widget = await open("webhooks-not-received", "runbook-webhook-probe");
    const probe = widget.getByRole("button", { name: "Probe the endpoint" });
    await probe.click();
    expect(await verdict(widget)).toEqual({ outcome: "validation-on", text: "✓ Signature validation is on" });
    expect(await widget.locator('tr[data-as-expected="true"]').count()).toBe(3);
    await setDemo({ webhookVerification: "off" });
    await probe.click();
    expect(await verdict(widget)).toEqual({
      outcome: "validation-off",
      text: "✗ Endpoint accepts unsigned requests: signature validation is OFF",
    });
    expect(await widget.locator('tr[data-attempt="unsigned"]').innerText()).toContain(
      "should be refused (4xx); accepted (HTTP 200)",
    );
    expect(await widget.getByRole("link", { name: "DodoPayments dashboard → Webhooks" }).getAttribute("href")).toBe(
      `${demo}/dashboards/dodopayments/`,
    );
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("SSL Certificate Errors: DNS, HTTPS and the custom domain agree, then a wrong CNAME is named", async () => {
    const widget = await open("ssl-certificate-errors", "runbook-domain-status");
    expect(await verdict(widget)).toEqual({
      outcome: "ok",
      text: "✓ dashtray.example.com: DNS as expected, HTTPS answers, and the Pages custom domain is active.",
    });
    await setDemo({ dnsScenario: "wrong-record", domainScenario: "pending" });
    await widget.getByRole("button", { name: "Check again" }).click();
    const problem = await verdict(widget);
    expect(problem.outcome).toBe("problem");
    expect(problem.text).toContain("CNAME points at old-dashtray.netlify.app, not dashtray.pages.dev");
    expect(await widget.locator('[data-row="dns-CNAME"]').getAttribute("data-ok")).toBe("false");
    expect(await widget.locator('[data-row="pages-domain"]').innerText()).toContain(
      "Add TXT _cf-custom-hostname.dashtray.example.com",
    );
  });

  it("Build Failure: the latest run, its commit and logs, and the Node version from .nvmrc next to the version step", async () => {
    const widget = await open("build-failure", "runbook-build-status");
    const passing = await verdict(widget);
    expect(passing.outcome).toBe("passing");
    expect(passing.text).toMatch(/^✓ Deploy run #\d+ on 0559c70 succeeded\. The build expects Node 24 \(\.nvmrc\)\.$/);
    expect(await widget.locator('[data-row="node"]').innerText()).toContain(
      "24 .nvmrc on main · supported until 2028-04-30",
    );
    const runLink = (await widget.locator('[data-row="run"] a').getAttribute("href")) ?? "";
    expect(runLink.startsWith(`${demo}/dashboards/github/dashtray/dashtray/actions/runs/`), runLink).toBe(true);
    expect(runLink).toMatch(/\/actions\/runs\/\d+$/);
    await setDemo({ buildScenario: "failing" });
    await widget.getByRole("button", { name: "Refresh" }).click();
    expect((await verdict(widget)).outcome).toBe("failing");
    expect(await widget.locator("pre").innerText()).toMatch(/--log-failed$/);
    await setDemo({ buildScenario: "approval" });
    await widget.getByRole("button", { name: "Refresh" }).click();
    expect((await verdict(widget)).outcome).toBe("waiting");
    const approve = widget.getByRole("link", { name: /^Approve run #\d+ on GitHub$/ });
    expect(await approve.getAttribute("href")).toBe(runLink);
    expect(await widget.locator("pre").innerText()).not.toContain("--log-failed");
  });
});

describe("with JavaScript off", () => {
  it("each page still says what must exist and how to check it by hand", async () => {
    const off = await openBrowser({ javaScriptEnabled: false });
    try {
      await off.page.goto(`${site}/incidents/common-issues/environment-variables-not-loading/`);
      const config = off.page.locator("runbook-config-check");
      expect(await config.locator('li[data-environment="production"]').textContent()).toContain(
        "DODO_PAYMENTS_WEBHOOK_SECRET",
      );
      await off.page.goto(`${site}/incidents/common-issues/ssl-certificate-errors/`);
      expect(await off.page.locator('runbook-domain-status li[data-environment="production"]').innerText()).toContain(
        "dig +short CNAME dashtray.example.com @1.1.1.1",
      );
      await off.page.goto(`${site}/incidents/common-issues/build-failure/`);
      expect(
        await off.page.locator('runbook-build-status li[data-environment="production"] a').first().getAttribute("href"),
      ).toBe("https://github.com/dashtray/dashtray/actions/workflows/deploy.yml");
    } finally {
      await off.close();
    }
  });
});
