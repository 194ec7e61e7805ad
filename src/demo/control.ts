/**
 * @module
 * Control endpoints (`/__demo/...`) for the docs page, tests and benchmarks: read the state,
 * change settings, reset. Not counted, not delayed, never affected by the mode.
 */
import { readBody, sendError, sendJson } from "./http.ts";
import type { RequestContext, RouteGroup } from "./router.ts";
import { demoSettingsPatch, describeSettingsError } from "./settings.ts";

export const CONTROL_PREFIX = "/__demo";
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

function getState(ctx: RequestContext): void {
  sendJson(ctx.res, 200, ctx.state.snapshot());
}

async function postState(ctx: RequestContext): Promise<void> {
  let input: unknown;
  try {
    input = JSON.parse((await readBody(ctx.req, MAX_CONTROL_BODY_BYTES)).toString("utf8"));
  } catch {
    return sendError(
      ctx.res,
      400,
      "invalid_request",
      `body: expected a JSON object of at most ${MAX_CONTROL_BODY_BYTES} bytes`,
    );
  }
  const parsed = demoSettingsPatch.safeParse(input);
  if (!parsed.success) return sendError(ctx.res, 400, "invalid_request", describeSettingsError(parsed.error));
  ctx.state.update(parsed.data);
  sendJson(ctx.res, 200, ctx.state.snapshot());
}

function reset(ctx: RequestContext): void {
  ctx.state.reset();
  sendJson(ctx.res, 200, ctx.state.snapshot());
}

export function controlRoutes(): RouteGroup {
  return {
    prefix: CONTROL_PREFIX,
    kind: "tooling",
    cors: true,
    routes: [
      { method: "GET", pattern: `${CONTROL_PREFIX}/state`, handle: getState },
      { method: "POST", pattern: `${CONTROL_PREFIX}/state`, handle: postState },
      { method: "POST", pattern: `${CONTROL_PREFIX}/reset`, handle: reset },
    ],
    notFound: (ctx) => sendError(ctx.res, 404, "not_found", `No control endpoint ${ctx.url.pathname}`),
  };
}
