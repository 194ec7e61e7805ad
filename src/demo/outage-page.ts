/**
 * @module
 * What the app and Convex answer in `down` mode: a 503 HTML page in the style of Cloudflare's
 * edge error pages, so checks meet the same content type and wording they would in a real outage.
 */
import type { ServerResponse } from "node:http";
import { sendHtml } from "./http.ts";

export function sendOutagePage(res: ServerResponse, host: string): void {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(host)} | 503: Service Unavailable</title>
</head>
<body>
<div id="cf-error-details">
<h1><span>Error</span> <span>503</span> Service Unavailable</h1>
<p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p>
<p>(Demo Dashtray in "down" mode.)</p>
</div>
</body>
</html>
`;
  sendHtml(res, 503, page, { "retry-after": "30" });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
