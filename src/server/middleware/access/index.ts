/**
 * @module
 * Cloudflare Access middleware: verifies `Cf-Access-Jwt-Assertion` on every API request.
 */
export { type AccessVariables, type CloudflareAccessOptions, cloudflareAccess } from "./access.ts";
export type { AccessBindings } from "./settings.ts";
export type { AccessIdentity } from "./verify.ts";
