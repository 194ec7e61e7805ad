/**
 * @module
 * What a route says about itself for the API reference, declared on the route like its audit kind:
 * `.get("/", described("What is live and where it drifts."), audited("version"), ...)`. The
 * reference's route table is built from these (`src/server/reference.ts`), so a new route is documented
 * by its own file. At run time the handler only passes the request on.
 */
import type { MiddlewareHandler } from "hono";

/** The reference a route's handlers carry, merged by `routeReference()`. */
export interface RouteNotes {
  summary?: string;
  audited?: string;
  environment?: boolean;
  rateLimited?: boolean;
}

/** Marks `handler` with what the reference should say about the route it is on. */
// biome-ignore lint/suspicious/noExplicitAny: any handler, its input types kept as they are
export function noted<H extends (...args: any[]) => unknown>(handler: H, notes: RouteNotes): H {
  return Object.assign(handler, { routeNotes: notes });
}

/** The notes a handler carries, if any. */
export function notesOf(handler: unknown): RouteNotes | undefined {
  return (handler as { routeNotes?: RouteNotes }).routeNotes;
}

/** The route's one-sentence summary in the API reference. */
export function described(summary: string): MiddlewareHandler {
  return noted(
    async function describedHandler(_c, next) {
      await next();
    },
    { summary },
  );
}
