/**
 * @module
 * The odd answers a write can get, for the demo's Cloudflare and GitHub stand-ins: an edge's HTML error
 * page, no answer at all, a reset connection, a 200 that does not parse. The runbook must read back what
 * happened after each; the switches decide whether the write took effect anyway.
 */

import { sendHtml, sendText } from "./http.ts";
import type { RequestContext } from "./router.ts";

/** How long a held write waits before it gives up (the Function stops waiting long before). */
const HOLD_MS = 30_000;

export type OddAnswer = "error-page-502" | "timeout" | "reset" | "garbled";

/**
 * Cloudflare's 502 page as its edge serves it when the origin behind it fails (the layout of the
 * documented "Error 502 Bad gateway" page, much shortened); `test/contract/fixtures/cloudflare/error-502.html` is the same text.
 */
export function cloudflareErrorPage(host: string, rayId: string): string {
  return `<!doctype html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html lang="en-US">
<head>
<title>${host} | 502: Bad gateway</title>
<meta charset="UTF-8">
<meta name="robots" content="noindex, nofollow">
</head>
<body>
<div id="cf-wrapper">
<div id="cf-error-details" class="p-0">
<header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
<h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2">
<span class="inline-block">Bad gateway</span>
<span class="code-label">Error code 502</span>
</h1>
<div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_502&utm_campaign=${host}" target="_blank" rel="noopener noreferrer">cloudflare.com</a> for more information.</div>
</header>
<div class="cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8 mx-auto text-center sm:text-left border-solid border-0 border-t border-gray-300">
<p class="text-13">
<span class="cf-footer-item sm:block sm:mb-1">Cloudflare Ray ID: <strong class="font-semibold">${rayId}</strong></span>
</p>
</div>
</div>
</div>
</body>
</html>
`;
}

/** Answers a write oddly: the caller has already applied (or not) what it asked. */
export function answerOddly(ctx: RequestContext, answer: OddAnswer): void {
  if (answer === "error-page-502") {
    sendHtml(ctx.res, 502, cloudflareErrorPage(ctx.req.headers.host ?? "api.cloudflare.com", "8e2f1c6b9d4a7e31"), {
      server: "cloudflare",
      "cf-ray": "8e2f1c6b9d4a7e31-AMS",
    });
    return;
  }
  if (answer === "reset") {
    ctx.req.socket.destroy();
    return;
  }
  if (answer === "garbled") {
    // The headers say JSON; the body was cut off mid-way.
    ctx.res.writeHead(200, { "content-type": "application/json" }).end('{"success":true,"errors":[],"result":{"id":"');
    return;
  }
  // No answer: held until the caller gives up, or long after.
  const timer = setTimeout(() => sendText(ctx.res, 504, "gateway timeout"), HOLD_MS);
  timer.unref();
  ctx.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
}
