export * from "./checks.ts";
export * from "./environment.ts";
export * from "./errors.ts";
export * from "./load.ts";
export * from "./schema.ts";
