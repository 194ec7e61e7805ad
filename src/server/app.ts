/**
 * @module
 * The runbook API as a Hono app, free of Pages specifics so it could move to a Worker unchanged.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { BlankSchema } from "hono/types";
import type { Env } from "./env.ts";
import { ApiFailure, errorBody } from "./errors.ts";
import { invocationFetch } from "./lib/invocation.ts";
import { keepAlive } from "./lib/keep-alive.ts";
import { scrubResponse } from "./lib/scrub.ts";
import { type AccessVariables, cloudflareAccess } from "./middleware/access/index.ts";
import { refuseCrossSite } from "./middleware/cross-site.ts";
import { refuseForeignHost } from "./middleware/local-host.ts";
import { actions } from "./routes/actions.ts";
import { audit } from "./routes/audit.ts";
import { build } from "./routes/build.ts";
import { checks } from "./routes/checks.ts";
import { configCheck } from "./routes/config-check.ts";
import { demo } from "./routes/demo.ts";
import { deployments } from "./routes/deployments.ts";
import { dns } from "./routes/dns.ts";
import { environments } from "./routes/environments.ts";
import { health } from "./routes/health.ts";
import { incidents } from "./routes/incidents.ts";
import { monitor } from "./routes/monitor.ts";
import { notifications } from "./routes/notifications.ts";
import { planned } from "./routes/planned.ts";
import { record } from "./routes/record.ts";
import { rollback } from "./routes/rollback.ts";
import { uptime } from "./routes/uptime.ts";
import { verify } from "./routes/verify.ts";
import { version } from "./routes/version.ts";
import { webhooks } from "./routes/webhooks.ts";
import { whoami } from "./routes/whoami.ts";
import type { Runtime } from "./runtime.ts";
import type { AppEnv } from "./types.ts";

/** Builds the API around a runtime (config, fetch, caches). Every failure answers `{ error: { code, message } }`. */
export function createApp(runtime: Runtime) {
  const app = apiDoor(new Hono<AppEnv>().basePath("/api"), (c) => c.set("runtime", forRequest(runtime, c)));
  app.route("/health", health);
  app.route("/whoami", whoami);
  app.route("/environments", environments);
  app.route("/checks", checks);
  app.route("/verify", verify);
  app.route("/demo", demo);
  app.route("/version", version);
  app.route("/rollback", rollback);
  app.route("/record", record);
  app.route("/config-check", configCheck);
  app.route("/webhooks", webhooks);
  app.route("/dns", dns);
  app.route("/build", build);
  // Before `/deployments`, whose `/:id` would take "planned" for a deployment id.
  app.route("/deployments/planned", planned);
  app.route("/deployments", deployments);
  app.route("/audit", audit);
  app.route("/actions", actions);
  app.route("/monitor", monitor);
  app.route("/uptime", uptime);
  app.route("/incidents", incidents);
  app.route("/notifications", notifications);
  return answerErrors(app);
}

/**
 * What every answer of the Function passes, the configuration-error answer included: the secret
 * scrubber over the whole body, the API's security headers (first, so that refusals carry them too),
 * the loopback-only rule without Access, Cloudflare Access, then the cross-site refusal for POSTs,
 * all before any route runs or anything is probed.
 */
export function apiDoor<E extends { Bindings: Env; Variables: AccessVariables }>(
  app: Hono<E, BlankSchema, "/api">,
  prepare: (c: Context<E>) => void = () => {},
): Hono<E, BlankSchema, "/api"> {
  app.use(async function scrubAnswers(c, next) {
    await next();
    c.res = await scrubResponse(c.res);
  });
  app.use(apiSecurityHeaders);
  app.use(async function apiHeaders(c, next) {
    prepare(c);
    await next();
    c.header("cache-control", "no-store");
  });
  app.use(refuseForeignHost());
  app.use(cloudflareAccess());
  app.use(refuseCrossSite());
  return app;
}

/** JSON answers for unknown routes and every failure: `{ error: { code, message } }`, details only in the log. */
export function answerErrors<E extends { Bindings: Env }>(
  app: Hono<E, BlankSchema, "/api">,
): Hono<E, BlankSchema, "/api"> {
  app.notFound((c) =>
    c.json(errorBody("not_found", `no API route ${c.req.method} ${new URL(c.req.url).pathname}`), 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiFailure) {
      const retry = error.getResponse().headers.get("retry-after");
      if (retry) c.header("retry-after", retry);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException)
      return c.json(errorBody("invalid_request", error.message || "bad request"), error.status);
    console.error("[api] unhandled error", error);
    return c.json(errorBody("internal", "the runbook API failed unexpectedly; the Function log has the details"), 500);
  });
  return app;
}

/**
 * The runtime as one request sees it: a fetch held to the per-invocation limits (this request is one
 * invocation), and shared runs it leads kept going if its own client leaves.
 */
function forRequest(runtime: Runtime, c: Context): Runtime {
  const { shared } = runtime;
  return {
    ...runtime,
    fetch: invocationFetch(runtime.fetch, runtime.limits),
    shared: {
      ...shared,
      run: (key, work, options) => shared.run(key, work, { keepAlive: (work) => keepAlive(c, work), ...options }),
    },
  };
}

/** The static pages get theirs from `public/_headers`; Pages does not apply that file to Functions. */
const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
});
