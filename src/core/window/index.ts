export * from "./days.ts";
export * from "./evaluate.ts";
export * from "./format.ts";
export * from "./zone.ts";
