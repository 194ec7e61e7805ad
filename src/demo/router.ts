/**
 * @module
 * A tiny router: route groups by path prefix, each with its own policy (whether modes, latency and
 * request counting apply) and its own way of saying "not found".
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DemoState } from "./state.ts";

/**
 * - `target`: the Dashtray app and Convex: modes, latency and counts apply.
 * - `stand-in`: third-party API stand-ins: latency and counts apply, modes do not.
 * - `tooling`: control and fault endpoints: nothing applies.
 */
export type RouteKind = "target" | "stand-in" | "tooling";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters by name; a `*name` segment captures the rest of the path. */
  params: Readonly<Record<string, string>>;
  state: DemoState;
  /** Aborts when the client disconnects or the server closes. */
  signal: AbortSignal;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

export interface Route {
  method: "GET" | "POST";
  /** Absolute path pattern, e.g. `/github/repos/:owner/:repo/compare/*range`; also the count key. */
  pattern: string;
  handle: Handler;
}

export interface RouteGroup {
  /** Path prefix the group owns (`""` owns everything left over). */
  prefix: string;
  kind: RouteKind;
  routes: readonly Route[];
  notFound: Handler;
  /** Answer CORS preflights and allow any origin (the docs page calls the control endpoints). */
  cors?: boolean;
}

export type RouteMatch =
  | { kind: "route"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "none" };

/** The first group whose prefix owns the path. */
export function findGroup(groups: readonly RouteGroup[], path: string): RouteGroup | undefined {
  return groups.find((g) => g.prefix === "" || path === g.prefix || path.startsWith(`${g.prefix}/`));
}

/** Finds the route for a method and path; HEAD is served by GET routes. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const lookup = method === "HEAD" ? "GET" : method;
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.method === lookup) return { kind: "route", route, params };
    allow.add(route.method);
  }
  return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow] } : { kind: "none" };
}

/** Matches `/a/:b/*c` against a path; returns decoded params, or undefined when it does not match. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const have = path.split("/");
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    if (segment.startsWith("*")) {
      const rest = have.slice(index).join("/");
      if (!rest) return undefined;
      params[segment.slice(1)] = safeDecode(rest);
      return params;
    }
    const actual = have[index];
    if (actual === undefined) return undefined;
    if (segment.startsWith(":")) {
      if (!actual) return undefined;
      params[segment.slice(1)] = safeDecode(actual);
    } else if (segment !== actual) return undefined;
  }
  return want.length === have.length ? params : undefined;
}

/** A path parameter the route pattern guarantees. */
export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`[demo router] route has no parameter "${name}"`);
  return value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
