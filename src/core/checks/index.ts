export * from "./assertions.ts";
export * from "./json-path.ts";
export * from "./probe.ts";
export * from "./run.ts";
export * from "./stats.ts";
