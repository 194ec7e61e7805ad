export { rollBackOnVerdict } from "./auto-rollback.ts";
export { monitorStore } from "./choose.ts";
export { d1MonitorStore, deploymentMonitors } from "./d1-store.ts";
export { memoryMonitorStore } from "./memory-store.ts";
export { sampleOnce, takeSample } from "./sampler.ts";
export { type MonitorStore, type SlotState, STALE_CLAIM_MS, type StartWatch } from "./store.ts";
export { type OnRecommended, type Tick, tickWatch, type WatchRef } from "./tick.ts";
export { type Sampler, samplerOf, wakeWatch } from "./wake.ts";
