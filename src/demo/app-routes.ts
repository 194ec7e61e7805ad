/**
 * @module
 * The Dashtray app itself (runbook target `app`): the page shell, the frontend's build info, the
 * health endpoint and one read-only API endpoint that goes through Convex.
 */
import { buildHealth, HEALTH_CONTENT_TYPE, healthHttpStatus } from "./health.ts";
import { sendError, sendHtml, sendJson } from "./http.ts";
import { frontendRelease, servesBrokenDeploy } from "./release.ts";
import type { RequestContext, RouteGroup } from "./router.ts";

export const DEMO_PLANS = [
  { id: "free", name: "Free", priceCents: 0, currency: "USD", interval: "month" },
  { id: "pro", name: "Pro", priceCents: 1_900, currency: "USD", interval: "month" },
  { id: "team", name: "Team", priceCents: 4_900, currency: "USD", interval: "month" },
] as const;

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dashtray</title>
</head>
<body>
<main>
<h1>Dashtray (demo)</h1>
<p>The demo Dashtray the runbook checks. It is not the real app.</p>
</main>
</body>
</html>
`;

function home(ctx: RequestContext): void {
  sendHtml(ctx.res, 200, HOME_PAGE);
}

function version(ctx: RequestContext): void {
  const release = frontendRelease(ctx.state.settings);
  sendJson(ctx.res, 200, {
    version: release.version,
    commit: release.commit,
    builtAt: release.builtAt,
    environment: "demo",
  });
}

function health(ctx: RequestContext): void {
  const settings = ctx.state.settings;
  const webhooks = servesBrokenDeploy(settings) ? "fail" : settings.mode === "degraded" ? "warn" : "pass";
  const doc = buildHealth(frontendRelease(settings), webhooks, new Date());
  sendJson(ctx.res, healthHttpStatus(doc.status), doc, {}, HEALTH_CONTENT_TYPE);
}

function plans(ctx: RequestContext): void {
  if (servesBrokenDeploy(ctx.state.settings)) {
    sendError(ctx.res, 500, "internal_error", "TypeError: plan.priceCents.toFixed is not a function (bad deploy)");
    return;
  }
  if (ctx.state.settings.mode === "degraded" && ctx.state.nextPlansRequestFails()) {
    sendError(ctx.res, 500, "internal_error", "Convex query plans:list failed: the function execution timed out");
    return;
  }
  sendJson(ctx.res, 200, { plans: DEMO_PLANS });
}

export function appRoutes(): RouteGroup {
  return {
    prefix: "",
    kind: "target",
    routes: [
      { method: "GET", pattern: "/", handle: home },
      { method: "GET", pattern: "/version.json", handle: version },
      { method: "GET", pattern: "/api/health", handle: health },
      { method: "GET", pattern: "/api/plans", handle: plans },
    ],
    notFound: (ctx) =>
      sendError(ctx.res, 404, "not_found", `No route for ${ctx.req.method ?? "GET"} ${ctx.url.pathname}`),
  };
}
