export * from "./dns.ts";
export * from "./node-version.ts";
export * from "./schemas.ts";
export * from "./variables.ts";
export * from "./webhooks.ts";
