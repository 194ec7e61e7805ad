/**
 * @module
 * Misbehaving endpoints for the check engine's tests (`/__faults/...`): wrong content type,
 * malformed JSON, JSON nested 100,000 levels deep, huge or trickling bodies, no answer at all, redirect loops, any status. Modes,
 * latency and request counts do not apply to them.
 */
import { once } from "node:events";
import { buildHealth, HEALTH_CONTENT_TYPE, type HealthStatus, healthHttpStatus } from "./health.ts";
import { intParam, sendError, sendHtml, sendJson, sleep } from "./http.ts";
import { frontendRelease } from "./release.ts";
import { param, type RequestContext, type RouteGroup } from "./router.ts";

export const FAULTS_PREFIX = "/__faults";
const DEFAULT_BIG_BYTES = 5 * 1024 * 1024;
const MAX_BIG_BYTES = 1024 * 1024 * 1024;
const DEFAULT_SLOW_BODY_MS = 5_000;
const MAX_SLOW_BODY_MS = 120_000;
const SLOW_BODY_PIECES = 10;

/** 200 HTML where JSON was expected, like a login page put in front of an API. */
function html(ctx: RequestContext): void {
  sendHtml(
    ctx.res,
    200,
    "<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>\n",
  );
}

/** 200 `application/json` whose body is cut off mid-document. */
function badJson(ctx: RequestContext): void {
  const body = '{"plans":[{"id":"free","name":"Free","priceCents":0},{"id":"pro",';
  ctx.res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  ctx.res.end(body);
}

const DEFAULT_DEEP_LEVELS = 100_000;
const MAX_DEEP_LEVELS = 1_000_000;

/** 200 JSON with `data` nested `?depth=N` arrays deep (default 100,000) and a plain `name` after it. */
function deepJson(ctx: RequestContext): void {
  const depth = intParam(ctx.url, "depth", 1, MAX_DEEP_LEVELS, DEFAULT_DEEP_LEVELS);
  if (depth === null) {
    sendError(ctx.res, 400, "invalid_request", `depth: expected an integer from 1 to ${MAX_DEEP_LEVELS}`);
    return;
  }
  const body = `{"data":${"[".repeat(depth)}${"]".repeat(depth)},"name":"app"}`;
  ctx.res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  ctx.res.end(body);
}

/** `?bytes=N` bytes (default 5 MiB), streamed in 64 KiB chunks; chunked unless `?length=1`. */
async function big(ctx: RequestContext): Promise<void> {
  const bytes = intParam(ctx.url, "bytes", 0, MAX_BIG_BYTES, DEFAULT_BIG_BYTES);
  if (bytes === null)
    return sendError(ctx.res, 400, "invalid_request", `bytes: expected an integer from 0 to ${MAX_BIG_BYTES}`);
  const withLength = ctx.url.searchParams.get("length") === "1";
  ctx.res.writeHead(200, {
    "content-type": "text/plain; charset=utf-8",
    ...(withLength ? { "content-length": bytes } : {}),
  });
  const chunk = Buffer.alloc(64 * 1024, "x");
  for (let left = bytes; left > 0; ) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!ctx.res.write(piece)) {
      try {
        await once(ctx.res, "drain", { signal: ctx.signal });
      } catch {
        return; // client went away or the server is closing
      }
    }
  }
  ctx.res.end();
}

/** Headers at once, then a JSON body trickled in 10 pieces over `?ms=` milliseconds (default 5000). */
async function slowBody(ctx: RequestContext): Promise<void> {
  const ms = intParam(ctx.url, "ms", 0, MAX_SLOW_BODY_MS, DEFAULT_SLOW_BODY_MS);
  if (ms === null)
    return sendError(ctx.res, 400, "invalid_request", `ms: expected an integer from 0 to ${MAX_SLOW_BODY_MS}`);
  const body = JSON.stringify({ ok: true, note: "this body arrived slowly", padding: "-".repeat(200) });
  const size = Math.ceil(body.length / SLOW_BODY_PIECES);
  ctx.res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  for (let i = 0; i < SLOW_BODY_PIECES; i++) {
    ctx.res.write(body.slice(i * size, (i + 1) * size));
    if (i < SLOW_BODY_PIECES - 1 && !(await sleep(ms / SLOW_BODY_PIECES, ctx.signal))) return;
  }
  ctx.res.end();
}

/** Never answers; the connection stays open until the client gives up or the server closes. */
async function hang(ctx: RequestContext): Promise<void> {
  if (ctx.signal.aborted) return;
  await once(ctx.signal, "abort");
}

/** 302 back to itself, forever. */
function redirectLoop(ctx: RequestContext): void {
  ctx.res.writeHead(302, { location: `${FAULTS_PREFIX}/redirect-loop`, "content-length": 0 });
  ctx.res.end();
}

/** Any final status from 200 to 599, with a small JSON body where the status allows one. */
function status(ctx: RequestContext): void {
  const raw = param(ctx, "code");
  const code = /^\d{3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(code >= 200 && code <= 599)) {
    sendError(ctx.res, 400, "invalid_request", `code: expected a status from 200 to 599, received "${raw}"`);
    return;
  }
  if (code === 204 || code === 304) {
    ctx.res.writeHead(code);
    ctx.res.end();
    return;
  }
  sendJson(ctx.res, code, { status: code });
}

/** A health document with the given overall status (`pass`, `warn`, `fail`), for health-kind checks. */
function health(ctx: RequestContext): void {
  const wanted = param(ctx, "status");
  if (wanted !== "pass" && wanted !== "warn" && wanted !== "fail") {
    sendError(ctx.res, 400, "invalid_request", `status: expected "pass", "warn" or "fail", received "${wanted}"`);
    return;
  }
  const doc = buildHealth(frontendRelease(ctx.state.settings), wanted satisfies HealthStatus, new Date());
  sendJson(ctx.res, healthHttpStatus(doc.status), doc, {}, HEALTH_CONTENT_TYPE);
}

export function faultRoutes(): RouteGroup {
  return {
    prefix: FAULTS_PREFIX,
    kind: "tooling",
    routes: [
      { method: "GET", pattern: `${FAULTS_PREFIX}/html`, handle: html },
      { method: "GET", pattern: `${FAULTS_PREFIX}/bad-json`, handle: badJson },
      { method: "GET", pattern: `${FAULTS_PREFIX}/big`, handle: big },
      { method: "GET", pattern: `${FAULTS_PREFIX}/deep-json`, handle: deepJson },
      { method: "GET", pattern: `${FAULTS_PREFIX}/slow-body`, handle: slowBody },
      { method: "GET", pattern: `${FAULTS_PREFIX}/hang`, handle: hang },
      { method: "GET", pattern: `${FAULTS_PREFIX}/redirect-loop`, handle: redirectLoop },
      { method: "GET", pattern: `${FAULTS_PREFIX}/status/:code`, handle: status },
      { method: "GET", pattern: `${FAULTS_PREFIX}/health/:status`, handle: health },
    ],
    notFound: (ctx) => sendError(ctx.res, 404, "not_found", `No fault endpoint ${ctx.url.pathname}`),
  };
}
