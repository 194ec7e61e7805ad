import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type LaunchOptions, type Page } from "playwright-core";
import { inject } from "vitest";

/**
 * The Chromium the e2e global setup found (system, `CHROMIUM_PATH` or the npm package's), headless,
 * with no way to reach anything but loopback.
 */
function launchOptions(): LaunchOptions {
  return {
    executablePath: inject("chromiumPath"),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  };
}

/** A browser for tests that open several contexts of their own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

/** One context with its own profile; `timezoneId` sets the reader's IANA zone. */
export async function openBrowser(
  options: { javaScriptEnabled?: boolean; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "runbook-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions(),
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.timezoneId !== undefined && { timezoneId: options.timezoneId }),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and failed requests of a page, so tests can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // Failed loads are reported below with their URL.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource"))
      errors.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() < 400) return;
    const at = errors.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`) - 1;
    // The answer's own words (an API error names what was wrong), when the page has not gone away.
    res
      .text()
      .then((body) => {
        errors[at] += `: ${body.slice(0, 400)}`;
      })
      .catch(() => undefined);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
