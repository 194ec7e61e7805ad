/**
 * The security headers and the Content-Security-Policy in Chromium with JavaScript on: every built
 * page loads without a single violation, the widgets still work under the policy, and the policy
 * really blocks what it should (an injected inline script, being framed).
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { root } from "../../scripts/lib/processes.ts";
import { useDemoBrowser } from "../support/demo-browser.ts";

const site = inject("siteUrl");
let page: Page;
/** Violations and CSP console messages since the last `take()`. */
const reports: string[] = [];

useDemoBrowser(async (browser) => {
  page = browser.page;
  // Runs before any page script; reports every violation through the console, where the test reads it.
  await browser.context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.warn(
        `[csp-violation] ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on("console", (msg) => {
    if (msg.text().includes("[csp-violation]") || msg.text().includes("Content Security Policy"))
      reports.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => reports.push(`${page.url()}: pageerror ${error.message}`));
});

function take(): string[] {
  return reports.splice(0, reports.length);
}

/** Every page of the build, as a path: `dist/deploy/4-verify-deployment/index.html` → `/deploy/4-verify-deployment/`. */
function builtPages(): string[] {
  const dist = join(root, "dist");
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name === "index.html" ? [join(dir, e.name)] : [],
    );
  return walk(dist).map((file) => `/${relative(dist, file).split(sep).slice(0, -1).join("/")}/`.replace("//", "/"));
}

describe("security headers and CSP in Chromium", () => {
  it("every built page loads without a CSP violation", async () => {
    const pages = builtPages();
    expect(pages.length).toBeGreaterThan(20);
    expect(pages).toContain("/");
    take();
    for (const path of pages) {
      await page.goto(`${site}${path}`);
      // Widgets fetch from the API after load; wait for them so their requests are under the policy too.
      await page.waitForLoadState("networkidle");
    }
    expect(take()).toEqual([]);
  }, 180_000);

  it("serves the headers on a page, and a <meta> policy without unsafe-inline scripts or eval", async () => {
    const res = await page.goto(`${site}/deploy/4-verify-deployment/`);
    const headers = res?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["permissions-policy"]).toContain("camera=()");
    const meta = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute("content")) ?? "";
    const directives = new Map(
      meta
        .split(";")
        .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("img-src")).toEqual(["'self'", "data:"]);
    expect(directives.get("script-src")).toContain("'self'");
    expect(directives.get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives.get("script-src")).not.toContain("'unsafe-eval'");
    expect(directives.get("style-src")).not.toContain("'unsafe-inline'");
  });

  it("serves the security headers on API responses", async () => {
    const res = await fetch(`${site}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    await res.body?.cancel();
  });

  it("the widgets, the header and search still work under the policy", async () => {
    take();
    await page.goto(`${site}/deploy/4-verify-deployment/`);
    const select = page.getByRole("banner").locator("runbook-env-picker select");
    await select.waitFor({ state: "visible" });
    await select.selectOption("demo");
    await expect
      .poll(() => page.getByRole("banner").locator("runbook-env-picker [data-identity]").innerText())
      .toBe("Access off (local)");
    const check = page.locator('runbook-check[data-check="frontend"]').first();
    await check.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => check.getAttribute("data-state")).toBe("pass");

    // Starlight's search (Pagefind) compiles WebAssembly: allowed by 'wasm-unsafe-eval', not 'unsafe-eval'.
    await page.locator("button[data-open-modal]").first().click();
    await page.locator("site-search .pagefind-ui__search-input").fill("rollback");
    await expect.poll(() => page.locator("site-search .pagefind-ui__result").count()).toBeGreaterThan(0);
    expect(take()).toEqual([]);
  });

  it("blocks an injected inline script and refuses to be framed", async () => {
    await page.goto(`${site}/`);
    take();
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "document.documentElement.dataset.injected = 'yes'";
      document.body.append(script);
      return document.documentElement.dataset.injected === "yes";
    });
    expect(ran).toBe(false);
    await expect
      .poll(() => reports.some((r) => r.includes("[csp-violation] script-src-elem blocked inline")))
      .toBe(true);

    // Framed by another page, the site refuses to load: Chromium shows its error page in the frame.
    await page.goto("about:blank");
    await page.setContent(`<iframe src="${site}/" title="framed"></iframe>`);
    const frameUrl = () =>
      page
        .frames()
        .find((f) => f !== page.mainFrame())
        ?.url() ?? "";
    await expect.poll(frameUrl).toMatch(/^chrome-error:/);
    take();
  });
});
