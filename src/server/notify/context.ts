/**
 * @module
 * The delivery context for the loaded config and a set of bindings: the same for the Function (the
 * test button, the fast path after a record) and the companion Worker's delivery job.
 */
import type { Context } from "hono";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { LoadedConfig } from "../../core/config/load.ts";
import { availableChannels } from "../../core/notify/routing.ts";
import type { D1Database } from "../history/d1.ts";
import type { AppEnv } from "../types.ts";
import type { DeliveryContext } from "./deliver.ts";

export function deliveryContext(options: {
  db: D1Database;
  loaded: LoadedConfig;
  demoOrigin: string | undefined;
  bindings: object;
  fetch: FetchLike;
  maxSends: number;
}): DeliveryContext {
  const settings = options.loaded.config.notifications;
  return {
    db: options.db,
    settings,
    channels: availableChannels(settings, options.demoOrigin),
    bindings: options.bindings as Record<string, unknown>,
    fetch: options.fetch,
    maxSends: options.maxSends,
  };
}

/** The delivery context of one request of the Function: its runtime's config, demo and fetch, its bindings. */
export function requestDeliveryContext(c: Context<AppEnv>, db: D1Database, maxSends: number): DeliveryContext {
  const runtime = c.get("runtime");
  return deliveryContext({
    db,
    loaded: runtime.loaded,
    demoOrigin: runtime.demoOrigin,
    bindings: c.env ?? {},
    fetch: runtime.fetch,
    maxSends,
  });
}
