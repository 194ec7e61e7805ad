/**
 * @module
 * The delivery context for the loaded config and a set of bindings: the same for the Function (the
 * test button, the fast path after a record) and the companion Worker's delivery job.
 */
import type { FetchLike } from "../../core/checks/probe.ts";
import type { LoadedConfig } from "../../core/config/load.ts";
import { availableChannels } from "../../core/notify/routing.ts";
import type { D1Database } from "../history/d1.ts";
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
