/**
 * @module
 * The runbook API as a Hono app, free of Pages specifics so it could move to a Worker unchanged.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Env } from "./env.ts";
import { ApiFailure, errorBody } from "./errors.ts";
import { type AccessVariables, cloudflareAccess } from "./middleware/access/index.ts";
import { auditRuns } from "./middleware/audit.ts";
import { audit } from "./routes/audit.ts";
import { build } from "./routes/build.ts";
import { checks } from "./routes/checks.ts";
import { configCheck } from "./routes/config-check.ts";
import { demo } from "./routes/demo.ts";
import { deployments } from "./routes/deployments.ts";
import { dns } from "./routes/dns.ts";
import { environments } from "./routes/environments.ts";
import { health } from "./routes/health.ts";
import { rollback } from "./routes/rollback.ts";
import { verify } from "./routes/verify.ts";
import { version } from "./routes/version.ts";
import { webhooks } from "./routes/webhooks.ts";
import { whoami } from "./routes/whoami.ts";
import type { Runtime } from "./runtime.ts";

export type AppEnv = { Bindings: Env; Variables: { runtime: Runtime } & AccessVariables };

/** Builds the API around a runtime (config, fetch, caches). Every failure answers `{ error: { code, message } }`. */
export function createApp(runtime: Runtime) {
  const app = new Hono<AppEnv>().basePath("/api");
  // Headers first so that refusals carry them too; then Cloudflare Access, before any route runs.
  app.use(apiSecurityHeaders);
  app.use(async function apiHeaders(c, next) {
    c.set("runtime", runtime);
    await next();
    c.header("cache-control", "no-store");
  });
  app.use(cloudflareAccess());
  // After Access, so every audited run has its verified identity.
  app.use(auditRuns());
  app.route("/health", health);
  app.route("/whoami", whoami);
  app.route("/environments", environments);
  app.route("/checks", checks);
  app.route("/verify", verify);
  app.route("/demo", demo);
  app.route("/version", version);
  app.route("/rollback", rollback);
  app.route("/config-check", configCheck);
  app.route("/webhooks", webhooks);
  app.route("/dns", dns);
  app.route("/build", build);
  app.route("/deployments", deployments);
  app.route("/audit", audit);
  app.notFound((c) => c.json(errorBody("not_found", `no API route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((error, c) => {
    if (error instanceof ApiFailure) {
      const retry = error.getResponse().headers.get("retry-after");
      if (retry) c.header("retry-after", retry);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException) return c.json(errorBody("invalid_request", error.message || "bad request"), error.status);
    console.error("[api] unhandled error", error);
    return c.json(errorBody("internal", "the runbook API failed unexpectedly; the Function log has the details"), 500);
  });
  return app;
}

/** The static pages get theirs from `public/_headers`; Pages does not apply that file to Functions. */
const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
});
