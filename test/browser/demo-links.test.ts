import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
const demo = inject("demoUrl");

/** Widgets whose answers carry links to dashboards, GitHub or other sites. */
const LINKING_WIDGETS = [
  "runbook-deploy-version",
  "runbook-rollback-links",
  "runbook-build-status",
  "runbook-config-check",
  "runbook-domain-status",
  "runbook-webhook-probe",
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await resetDemo();
});

describe("demo links stay on the demo", () => {
  it("every link a widget shows for the demo points at the demo's stand-in pages, and each answers 200", {
    timeout: 240_000,
  }, async () => {
    // Rolled back with a mismatched backend: the panels then also link the drift's comparison and both commits.
    await setDemo({ pagesScenario: "rolled-back", versionScenario: "mismatch" });
    const sitemap = await (await fetch(`${site}/sitemap-0.xml`)).text();
    const all = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "/").pathname);
    const pages: string[] = [];
    for (const path of all) {
      const html = await (await fetch(`${site}${path}`)).text();
      if (LINKING_WIDGETS.some((w) => html.includes(`<${w}`))) pages.push(path);
    }
    expect(pages.length).toBeGreaterThanOrEqual(6);

    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem("dashtray-runbook:environment", "demo"));
    const page = await context.newPage();
    const found = new Map<string, string>();
    for (const path of pages) {
      await page.goto(`${site}${path}`);
      for (const button of await page.locator(".runbook-widget [data-run]:visible").all()) await button.click();
      // Every linking widget has answered (idle means not yet loaded, running means not yet answered).
      await page.waitForFunction(
        (tags) =>
          [...document.querySelectorAll(tags.join(", "))].every(
            (w) => !["idle", "running"].includes(w.getAttribute("data-state") ?? ""),
          ),
        LINKING_WIDGETS,
      );
      // The config's own links for the other environments (shown without JavaScript too) are labelled
      // with their environment and go to the real sites on purpose; everything a widget renders for
      // the picked demo must stay on it. Links back into the runbook (exports) are not outside links.
      const hrefs = await page.$$eval(LINKING_WIDGETS.map((w) => `${w} a[href]`).join(", "), (links) =>
        links.filter((a) => !a.closest(".rw-config-links")).map((a) => (a as HTMLAnchorElement).href),
      );
      for (const href of hrefs) if (new URL(href).origin !== new URL(site).origin) found.set(href, path);
      // Those lists of the other environments are put away once a reader has picked the demo.
      expect(await page.locator(".rw-config-links li[data-environment]:visible").count(), path).toBe(0);
    }
    await context.close();

    const outside = [...found].filter(([href]) => new URL(href).origin !== demo).map(([h, p]) => `${p}: ${h}`);
    expect(outside).toEqual([]);
    // Each kind of page the real sites have: project, deployment, commit, compare, runs, run, file, Convex, payments.
    const kinds = [
      /\/dashboards\/cloudflare\/demo-account\/pages\/view\/dashtray$/,
      /\/dashboards\/cloudflare\/demo-account\/pages\/view\/dashtray\/[0-9a-f-]{36}$/,
      /\/dashboards\/github\/dashtray\/dashtray\/commit\/[0-9a-f]{40}$/,
      /\/dashboards\/github\/dashtray\/dashtray\/compare\/[0-9a-f]{40}\.\.\.[0-9a-f]{40}$/,
      /\/dashboards\/github\/dashtray\/dashtray\/actions\/workflows\/deploy\.yml$/,
      /\/dashboards\/github\/dashtray\/dashtray\/actions\/runs\/\d+$/,
      /\/dashboards\/github\/dashtray\/dashtray\/blob\/main\//,
      /\/dashboards\/convex\/d\/demo-dashtray-123/,
      /\/dashboards\/dodopayments\/$/,
    ];
    for (const kind of kinds)
      expect(
        [...found.keys()].some((h) => kind.test(h)),
        `a link like ${kind} among ${[...found.keys()].join(" ")}`,
      ).toBe(true);
    const broken: string[] = [];
    for (const href of found.keys()) {
      const res = await fetch(href);
      const body = await res.text();
      if (res.status !== 200 || !body.includes("Demo stand-in for")) broken.push(`${res.status} ${href}`);
    }
    expect(broken).toEqual([]);
  });
});
