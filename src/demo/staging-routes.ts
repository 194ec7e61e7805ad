/**
 * @module
 * Staging Dashtray's frontend build info (runbook target `staging` of the demo environment): the
 * newest commit on main, which is what staging always runs in the demo. Production matches it until
 * it is rolled back; then staging is ahead.
 */
import { DEMO_BRANCHES, DEMO_DEPLOYMENTS, DEMO_PRODUCTION_BRANCH } from "./history.ts";
import { sendError, sendJson } from "./http.ts";
import type { RequestContext, RouteGroup } from "./router.ts";

export const STAGING_PREFIX = "/staging";

function version(ctx: RequestContext): void {
  const commit = DEMO_BRANCHES[DEMO_PRODUCTION_BRANCH] ?? "";
  const deployment = DEMO_DEPLOYMENTS.find((d) => d.commitSha === commit);
  sendJson(ctx.res, 200, {
    version: deployment?.version ?? "unknown",
    commit,
    builtAt: deployment?.createdOn ?? "",
    environment: "staging",
  });
}

export function stagingRoutes(): RouteGroup {
  return {
    prefix: STAGING_PREFIX,
    kind: "target",
    routes: [{ method: "GET", pattern: `${STAGING_PREFIX}/version.json`, handle: version }],
    notFound: (ctx) =>
      sendError(ctx.res, 404, "not_found", `No staging route for ${ctx.req.method ?? "GET"} ${ctx.url.pathname}`),
  };
}
