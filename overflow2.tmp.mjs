import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/tmp/chromium", args: ["--no-sandbox", "--headless=new"] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: "dark" });
const page = await ctx.newPage();
await page.goto("http://127.0.0.1:9473" + process.argv[2]);
await page.evaluate(() => { for (const d of document.querySelectorAll(".runbook-widget details")) d.open = true; for (const el of document.querySelectorAll(".runbook-widget [hidden]")) el.hidden = false; });
console.log(await page.evaluate(() => {
  const W = 390;
  const out = [];
  for (const e of document.querySelectorAll("main *")) {
    const b = e.getBoundingClientRect();
    if (b.right <= W + 0.5 || b.width === 0) continue;
    const kids = [...e.children].some((c) => c.getBoundingClientRect().right > W + 0.5);
    if (!kids) out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${Math.round(b.right)} w=${Math.round(b.width)} min=${getComputedStyle(e).minWidth} "${(e.textContent||"").trim().slice(0,60)}"`);
  }
  return [document.documentElement.scrollWidth, ...out.slice(0, 12)].join("\n");
}));
await browser.close();
