/**
 * @module
 * The widget JavaScript of a page as a reader's browser loads it: the built page opened in Chromium
 * against the running site, every script it fetches counted (dynamic imports included), on load and
 * again once every button of its widgets has been pressed, its details opened and its forms focused
 * (what loads code lazily). Figures are gzip sizes of the scripts' text, each script once, beyond what
 * the pages without a widget of ours load (Starlight's scripts and the header's environment picker).
 *
 * `node bench/page-weight-browser.ts` after `npm run build` starts its own stack and prints the figures.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";

export interface BrowserPageWeight {
  page: string;
  /** Gzip bytes of the scripts this page loads that a plain page does not, on load. */
  loadBytes: number;
  /** The same once its widgets' buttons are pressed, details opened and forms focused. */
  pressedBytes: number;
  /** How many of this page's scripts a plain page does not load, on load and pressed. */
  scripts: { load: number; pressed: number };
}

/** Script identity (its address, or a hash of an inline script's text) → gzip bytes. */
type Scripts = Map<string, number>;

const gzip = (text: string) => gzipSync(text).byteLength;

/** Watches the page's script responses from the site itself; inline scripts are read from the page when asked. */
function watchScripts(page: Page, origin: string): { scripts: () => Promise<Scripts>; settled: () => Promise<void> } {
  const external: Scripts = new Map();
  const pending = new Set<Promise<void>>();
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script" || !res.url().startsWith(origin)) return;
    const read = res
      .text()
      .then((text) => void external.set(new URL(res.url()).pathname, gzip(text)))
      .catch(() => undefined)
      .finally(() => pending.delete(read));
    pending.add(read);
  });
  return {
    settled: async () => {
      await Promise.all(pending);
    },
    scripts: async () => {
      const inline = await page.$$eval("script:not([src])", (els) =>
        els
          .filter((el) => !/json/.test(el.getAttribute("type") ?? ""))
          .map((el) => el.textContent ?? "")
          .filter((text) => text.trim() !== ""),
      );
      const all = new Map(external);
      for (const text of inline) all.set(`inline:${createHash("sha256").update(text).digest("hex")}`, gzip(text));
      return all;
    },
  };
}

/** Presses what a reader can press in our widgets without writing anything, and waits for the code it loads. */
async function pressEverything(page: Page): Promise<void> {
  const widgets = "main :is(runbook-check, runbook-verify-all, [class~=runbook-widget], runbook-checklist)";
  for (const details of await page.locator(`${widgets} details`).all())
    await details.evaluate((el) => {
      (el as HTMLDetailsElement).open = true;
    });
  for (const field of await page.locator(`${widgets} form :is(input, select, textarea):visible`).all())
    await field.focus().catch(() => undefined);
  for (const button of await page.locator(`${widgets} button[type="button"]:visible`).all())
    await button.click({ timeout: 2000 }).catch(() => undefined);
  await page.waitForLoadState("networkidle");
}

async function measure(browser: Browser, base: string, path: string, press: boolean): Promise<[Scripts, Scripts]> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const watch = watchScripts(page, new URL(base).origin);
    await page.goto(new URL(path, base).href, { waitUntil: "networkidle" });
    await watch.settled();
    const onLoad = await watch.scripts();
    if (!press) return [onLoad, onLoad];
    await pressEverything(page);
    await watch.settled();
    return [onLoad, await watch.scripts()];
  } finally {
    await context.close();
  }
}

function beyond(scripts: Scripts, plain: Scripts): { bytes: number; count: number } {
  let bytes = 0;
  let count = 0;
  for (const [key, size] of scripts)
    if (!plain.has(key)) {
      bytes += size;
      count += 1;
    }
  return { bytes, count };
}

/** Opens each page in Chromium against the running site at `base` and measures its widget JavaScript. */
export async function browserPageWeights(
  base: string,
  pages: readonly string[],
  plainPages: readonly string[],
  executablePath: string,
): Promise<BrowserPageWeight[]> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  try {
    // What Starlight loads anywhere (search, the table of contents, Expressive Code's copy button, the
    // header's picker): every script of the pages without a widget of ours.
    const plain: Scripts = new Map();
    for (const page of plainPages)
      for (const [key, size] of (await measure(browser, base, page, false))[0]) plain.set(key, size);
    const out: BrowserPageWeight[] = [];
    for (const page of pages) {
      // Presses on one page change the demo (its controls take it down, a rollback rolls back), and a
      // widget in an error state loads less: every page starts from the demo as a reader first sees it.
      const reset = await fetch(new URL("/api/demo/reset", base), { method: "POST" });
      if (!reset.ok) throw new Error(`the demo did not reset: HTTP ${reset.status}`);
      const [load, pressed] = await measure(browser, base, page, true);
      const a = beyond(load, plain);
      const b = beyond(pressed, plain);
      out.push({ page, loadBytes: a.bytes, pressedBytes: b.bytes, scripts: { load: a.count, pressed: b.count } });
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Prints the figures, heaviest first (pressed). */
export function printBrowserPageWeights(weights: readonly BrowserPageWeight[], baseline: string, prefix = ""): void {
  const kb = (n: number) => `${(n / 1024).toFixed(2).padStart(6)} KB`;
  console.log(
    `${prefix}Widget JavaScript as Chromium loads it, gzip, beyond ${baseline}; budget < 10 KB on load and pressed`,
  );
  for (const w of [...weights].sort((a, b) => b.pressedBytes - a.pressedBytes))
    console.log(
      `   ${w.page.padEnd(58)} on load ${kb(w.loadBytes)} (${w.scripts.load} scripts)  pressed ${kb(w.pressedBytes)} (${w.scripts.pressed} scripts)`,
    );
  const worst = weights.reduce((m, w) => Math.max(m, w.loadBytes, w.pressedBytes), 0);
  console.log(`   heaviest: ${kb(worst)}  (budget < 10 KB)`);
}

/** The address of a built page file: `after/version-tracking/index.html` → `/after/version-tracking/`. */
export function pageAddress(file: string): string {
  return `/${file.replace(/index\.html$/, "")}`;
}

/**
 * Serves the built site (`dist/`, with its Functions and a migrated D1, so the history widgets show what
 * a team sees) and measures every page with a widget against the pages without one.
 */
export async function measureBuiltSite(prefix = ""): Promise<BrowserPageWeight[]> {
  const { startStack } = await import("../scripts/lib/stack.ts");
  const { findChromium } = await import("../test/support/chromium.ts");
  const { pageScripts } = await import("./page-weight.ts");
  const built = pageScripts();
  const pages = built.filter((p) => p.widgets > 0).map((p) => pageAddress(p.page));
  const plain = built.filter((p) => p.widgets === 0).map((p) => pageAddress(p.page));
  const state = mkdtempSync(join(tmpdir(), "runbook-page-weight-"));
  // One "reader" pressing everything on every page within minutes would meet the per-person limits, and
  // a refused widget loads less than a working one.
  const stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    persistTo: state,
    bindings: { RUNBOOK_RUNS_PER_MINUTE: "100000", RUNBOOK_WRITES_PER_MINUTE: "100000" },
  });
  try {
    const { path } = await findChromium();
    const weights = await browserPageWeights(stack.url, pages, plain, path);
    printBrowserPageWeights(weights, `${plain.length} pages without a widget`, prefix);
    return weights;
  } finally {
    await stack.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.main) await measureBuiltSite();
