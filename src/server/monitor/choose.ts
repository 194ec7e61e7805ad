/**
 * @module
 * The store a runtime uses: D1 where `RUNBOOK_DB` is bound (it must be migrated), else the isolate's
 * memory. The Function and the watch Worker choose the same way, so both see the same watches.
 */
import { historyDatabase, isDatabase } from "../history/database.ts";
import type { Runtime } from "../runtime.ts";
import { d1MonitorStore } from "./d1-store.ts";
import { memoryMonitorStore } from "./memory-store.ts";
import type { MonitorStore } from "./store.ts";

/** Isolate memory for Functions without D1 (one per loaded config object, so per isolate). */
const memoryStores = new WeakMap<object, MonitorStore>();

/** `siteUrl`: the runbook's address for links in the monitor's notifications (the config's wins). */
export async function monitorStore(
  binding: unknown,
  runtime: Pick<Runtime, "loaded">,
  siteUrl?: string,
): Promise<MonitorStore> {
  if (isDatabase(binding))
    return d1MonitorStore(await historyDatabase(binding), {
      environments: runtime.loaded.environments,
      siteUrl: runtime.loaded.config.notifications.siteUrl ?? siteUrl,
    });
  const store = memoryStores.get(runtime.loaded) ?? memoryMonitorStore();
  memoryStores.set(runtime.loaded, store);
  return store;
}
