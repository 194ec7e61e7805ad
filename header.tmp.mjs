import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/tmp/chromium", args: ["--no-sandbox", "--headless=new"] });
for (const [w, h, scheme] of [[390, 844, "dark"], [1280, 800, "light"]]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, isMobile: w < 500, hasTouch: w < 500, colorScheme: scheme });
  await ctx.addInitScript(() => localStorage.setItem("dashtray-runbook:environment", "demo"));
  const page = await ctx.newPage();
  await page.goto("http://127.0.0.1:9473/deploy/4-verify-deployment/");
  await page.waitForTimeout(800);
  console.log(w, await page.evaluate(() => {
    const t = document.querySelector(".site-title");
    const sel = document.querySelector("[data-env-header]");
    const badge = document.querySelector("[data-env-badge]");
    const vis = (e) => e && getComputedStyle(e).display !== "none" && !e.hidden ? Math.round(e.getBoundingClientRect().right) : "hidden";
    return { title: [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right], select: vis(sel), badge: vis(badge), badgeText: badge?.textContent, scroll: document.documentElement.scrollWidth, search: Math.round(document.querySelector("site-search button")?.getBoundingClientRect().left) };
  }));
  await page.screenshot({ path: `/tmp/reader-header-${w}.png`, clip: { x: 0, y: 0, width: w, height: 80 } });
  await ctx.close();
}
await browser.close();
