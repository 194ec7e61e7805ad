import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "../support/chromium.ts";

const dir = mkdtempSync(join(tmpdir(), "runbook-chromium-lookup-"));
const fakeSystem = join(dir, "chromium");
writeFileSync(fakeSystem, "");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npmNeverAsked = async (): Promise<string> => {
  throw new Error("the npm package was asked");
};

describe("finding Chromium for the browser tests", () => {
  it("CHROMIUM_PATH wins over the system's", async () => {
    const found = await findChromium({
      env: { CHROMIUM_PATH: process.execPath },
      systemPaths: [fakeSystem],
      unpackNpmChromium: npmNeverAsked,
    });
    expect(found).toEqual({ path: process.execPath, source: "CHROMIUM_PATH" });
  });

  it("a CHROMIUM_PATH with no file there is an error naming it, not a silent fallback", async () => {
    const missing = join(dir, "nothing-here");
    await expect(findChromium({ env: { CHROMIUM_PATH: missing }, systemPaths: [fakeSystem] })).rejects.toThrow(
      `CHROMIUM_PATH is ${missing}, but there is no file there: fix or unset it`,
    );
  });

  it("without CHROMIUM_PATH, the system's Chromium comes before the npm package's", async () => {
    const found = await findChromium({
      env: {},
      systemPaths: [join(dir, "absent"), fakeSystem],
      unpackNpmChromium: npmNeverAsked,
    });
    expect(found).toEqual({ path: fakeSystem, source: "system" });
  });

  it("RUNBOOK_SKIP_SYSTEM_CHROMIUM=1 skips the system's", async () => {
    const found = await findChromium({
      env: { RUNBOOK_SKIP_SYSTEM_CHROMIUM: "1" },
      systemPaths: [fakeSystem],
      unpackNpmChromium: async () => "/from/npm",
    });
    expect(found).toEqual({ path: "/from/npm", source: "npm" });
  });

  it("when the npm package cannot unpack either, the error says what was tried and how to fix it", async () => {
    const failing = async (): Promise<string> => {
      throw new Error("disk full");
    };
    await expect(findChromium({ env: {}, systemPaths: [], unpackNpmChromium: failing })).rejects.toThrow(
      "No Chromium for the browser tests: CHROMIUM_PATH is unset, no system Chromium, and @sparticuz/chromium failed (disk full); run npm ci or set CHROMIUM_PATH",
    );
  });

  it("with no system Chromium, the npm package's unpacks and renders a page", { timeout: 60_000 }, async () => {
    const found = await findChromium({ env: {}, systemPaths: [] });
    expect(found.source).toBe("npm");
    const browser = await chromium.launch({
      executablePath: found.path,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      await page.setContent(
        "<p id=out></p><script>document.getElementById('out').textContent = 'scripts run'</script>",
      );
      expect(await page.locator("#out").textContent()).toBe("scripts run");
    } finally {
      await browser.close();
    }
  });
});
