export * from "./commands.ts";
export * from "./commits.ts";
export * from "./drift.ts";
export * from "./format.ts";
export * from "./links.ts";
export * from "./rollback.ts";
export * from "./schemas.ts";
