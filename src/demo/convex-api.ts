/**
 * @module
 * Convex Deployment API stand-in (base `/convex-cloud`, standing for `https://<deployment>.convex.cloud`):
 * `GET /api/v1/list_environment_variables` with `Authorization: Convex <deploy key>`, answering the
 * documented `{ environmentVariables: { NAME: value } }`.
 */
import { sendJson } from "./http.ts";
import type { RequestContext, RouteGroup } from "./router.ts";
import { demoValue, demoVariableNames } from "./variables.ts";

export const CONVEX_API_PREFIX = "/convex-cloud";

function listEnvironmentVariables(ctx: RequestContext): void {
  const key = /^Convex\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "")?.[1];
  if (!key) {
    sendJson(ctx.res, 401, {
      code: "MissingAccessToken",
      message: "An admin key or deploy key is required for this operation.",
    });
    return;
  }
  const names = demoVariableNames("convex", ctx.state.settings.variablesScenario);
  sendJson(ctx.res, 200, {
    environmentVariables: Object.fromEntries(names.map((name) => [name, demoValue("convex", name)])),
  });
}

export function convexApiRoutes(): RouteGroup {
  return {
    prefix: CONVEX_API_PREFIX,
    kind: "stand-in",
    routes: [
      {
        method: "GET",
        pattern: `${CONVEX_API_PREFIX}/api/v1/list_environment_variables`,
        handle: listEnvironmentVariables,
      },
    ],
    notFound: (ctx) => sendJson(ctx.res, 404, { code: "NotFound", message: `No route ${ctx.url.pathname}` }),
  };
}
