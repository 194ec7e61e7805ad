/**
 * @module
 * The Convex backend stand-in (runbook target `convex`): the HTTP actions Dashtray exposes on
 * `https://<deployment>.convex.site`: its version, and the DodoPayments webhook receiver.
 */

import { DEMO_CONVEX_DEPLOYMENT } from "./history.ts";
import { BodyTooLargeError, readBody, sendError, sendJson } from "./http.ts";
import { backendRelease } from "./release.ts";
import type { RequestContext, RouteGroup } from "./router.ts";
import { verifyWebhook } from "./webhooks.ts";

/** Webhook payloads are small; anything bigger is refused before it is hashed. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

function version(ctx: RequestContext): void {
  const release = backendRelease(ctx.state.settings);
  sendJson(ctx.res, 200, { commit: release.commit, builtAt: release.builtAt, deployment: DEMO_CONVEX_DEPLOYMENT });
}

function dodoPaymentsWebhook(secret: string) {
  return async function receiveWebhook(ctx: RequestContext): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(ctx.req, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendError(ctx.res, 413, "payload_too_large", error.message);
      throw error;
    }
    const headers = {
      id: header(ctx, "webhook-id"),
      timestamp: header(ctx, "webhook-timestamp"),
      signature: header(ctx, "webhook-signature"),
    };
    if (ctx.state.settings.webhookVerification === "off") {
      // Deliberately broken: what an endpoint deployed without its signature check looks like.
      if (headers.id) ctx.state.recordWebhookEvent(headers.id);
      return sendJson(ctx.res, 200, { received: true });
    }
    const verdict = verifyWebhook(secret, headers, body, Math.floor(Date.now() / 1000));
    if (!verdict.ok) return sendError(ctx.res, verdict.status, verdict.code, verdict.message);
    ctx.state.recordWebhookEvent(verdict.id);
    sendJson(ctx.res, 200, { received: true });
  };
}

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function convexRoutes(options: { webhookSecret: string }): RouteGroup {
  return {
    prefix: "/convex",
    kind: "target",
    routes: [
      { method: "GET", pattern: "/convex/version", handle: version },
      { method: "POST", pattern: "/convex/webhooks/dodopayments", handle: dodoPaymentsWebhook(options.webhookSecret) },
    ],
    notFound: (ctx) =>
      sendError(ctx.res, 404, "not_found", `No HTTP action for ${ctx.req.method ?? "GET"} ${ctx.url.pathname}`),
  };
}
