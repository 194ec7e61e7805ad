/**
 * @module
 * The API reference's route table, read from the app itself: each route's method and path as Hono
 * registered them, its summary (`described()`), whether it takes `?env=`, is rate-limited and is an
 * audited run (`audited(kind)`). The table on the Runbook API page is this list, so it cannot drift.
 */
import type { Hono } from "hono";
import { notesOf, type RouteNotes } from "./middleware/reference.ts";

export interface RouteReference extends RouteNotes {
  method: string;
  /** As a reader writes it: `/api/checks/{id}/run`. */
  path: string;
}

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its bindings
export function routeReference(app: Hono<any, any, any>): RouteReference[] {
  const routes = new Map<string, RouteReference>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue; // middleware for every route
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const key = `${route.method} ${path}`;
    const entry = routes.get(key) ?? { method: route.method, path };
    routes.set(key, { ...entry, ...notesOf(route.handler) });
  }
  return [...routes.values()];
}
