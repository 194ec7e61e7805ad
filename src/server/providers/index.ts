export * from "./cloudflare-pages.ts";
export * from "./for-environment.ts";
export * from "./github.ts";
export * from "./pages-state.ts";
export * from "./rollback-report.ts";
export * from "./upstream.ts";
export * from "./version-endpoint.ts";
export * from "./version-report.ts";
