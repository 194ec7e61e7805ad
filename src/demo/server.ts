/**
 * @module
 * The demo Dashtray: one node:http server that plays the Dashtray app, its Convex backend, and
 * the Cloudflare Pages and GitHub APIs, with runtime switches for failure modes and scenarios.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerApiOutage } from "./api-outages.ts";
import { appRoutes } from "./app-routes.ts";
import { cloudflareRoutes } from "./cloudflare-api.ts";
import { controlRoutes } from "./control.ts";
import { convexApiRoutes } from "./convex-api.ts";
import { convexRoutes } from "./convex-routes.ts";
import { dashboardRoutes } from "./dashboards.ts";
import { dnsRoutes } from "./dns-api.ts";
import { faultRoutes } from "./faults.ts";
import { githubRoutes } from "./github-api.ts";
import { sendError, sleep } from "./http.ts";
import { NotificationSinks, sinkControlRoutes, sinkRoutes } from "./notification-sinks.ts";
import { sendOutagePage } from "./outage-page.ts";
import { findGroup, matchRoute, type RequestContext, type RouteGroup } from "./router.ts";
import { stagingRoutes } from "./staging-routes.ts";
import { DemoState } from "./state.ts";
import { DEFAULT_WEBHOOK_SECRET } from "./webhooks.ts";

export interface DemoServerOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Standard Webhooks secret (`whsec_...`) the payments webhook verifies against. @default DEFAULT_WEBHOOK_SECRET */
  webhookSecret?: string;
}

export interface DemoServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8790`. */
  url: string;
  port: number;
  /** Stops listening and drops open connections (including hanging fault requests). Safe to call twice. */
  close(): Promise<void>;
  state: DemoState;
  /** What the notification sinks received, and how they answer. */
  sinks: NotificationSinks;
}

/** Starts the demo server and resolves once it is listening. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? "127.0.0.1";
  const state = new DemoState();
  const closing = new AbortController();
  const sinks = new NotificationSinks();
  // Order matters: the app group owns every path the others do not.
  const groups: RouteGroup[] = [
    sinkControlRoutes(sinks),
    controlRoutes(),
    sinkRoutes(sinks),
    faultRoutes(),
    cloudflareRoutes(),
    githubRoutes(),
    convexApiRoutes(),
    dnsRoutes(),
    convexRoutes({ webhookSecret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET }),
    stagingRoutes(),
    dashboardRoutes(),
    appRoutes(),
  ];
  const server = createServer((req, res) => {
    void handleRequest(groups, state, closing.signal, req, res);
  });
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    state,
    sinks,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * One request: find the group and route, count it, apply latency and the mode where the group's
 * kind says so, then hand over to the route (or the group's 404 / a 405).
 */
async function handleRequest(
  groups: readonly RouteGroup[],
  state: DemoState,
  closing: AbortSignal,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  const signal = AbortSignal.any([closing, gone.signal]);
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  // Only origin-form targets (`/path?query`); `*` and absolute URLs are for proxies, not for us.
  if (!target.startsWith("/")) return sendError(res, 400, "invalid_request", `Unsupported request target "${target}"`);
  // Prefixing keeps a path like `//x` a path instead of a protocol-relative URL.
  const url = new URL(`http://demo.invalid${target}`);
  const group = findGroup(groups, url.pathname);
  if (!group) return sendError(res, 404, "not_found", `No route for ${method} ${url.pathname}`);
  const match = matchRoute(group.routes, method, url.pathname);
  const ctx: RequestContext = { req, res, url, params: match.kind === "route" ? match.params : {}, state, signal };
  try {
    if (group.cors) {
      res.setHeader("access-control-allow-origin", "*");
      if (method === "OPTIONS") return preflight(res);
    }
    if (group.kind !== "tooling") {
      state.countRequest(`${method} ${match.kind === "route" ? match.route.pattern : "(unmatched)"}`);
      const { latencyMs, mode, slowMs } = state.settings;
      if (!(await sleep(latencyMs, signal))) return;
      if (group.kind === "target" && mode === "down") return sendOutagePage(res, req.headers.host ?? "dashtray");
      if (group.kind === "target" && mode === "slow" && !(await sleep(slowMs, signal))) return;
      if (group.kind === "stand-in" && answerApiOutage(group.prefix, state.settings, res)) return;
    }
    if (match.kind === "route") await match.route.handle(ctx);
    else if (match.kind === "method-not-allowed") {
      sendError(res, 405, "method_not_allowed", `${url.pathname} accepts ${match.allow.join(", ")}`, {
        allow: match.allow.join(", "),
      });
    } else await group.notFound(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[demo] ${method} ${url.pathname} failed: ${message}`);
    if (!res.headersSent) sendError(res, 500, "internal_error", `The demo server failed: ${message}`);
    else res.destroy();
  }
}

function preflight(res: ServerResponse): void {
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "content-type",
    "access-control-max-age": "600",
  });
  res.end();
}
