/**
 * @module
 * What the page says about an environment before anything is fetched, worked out at build time from
 * the config: whether it is production-like (marked red everywhere) and which of its settings are
 * still the shipped placeholders (so a "Could not run" does not read as an outage).
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";

/** Production-like environments (the config's `productionLike` flag) get the red marker and the deployment-window warning. */
export function isProductionLike(env: Pick<ResolvedEnvironment, "productionLike">): boolean {
  return env.productionLike;
}

/** The shipped config's placeholders: `REPLACE_WITH_…` values and hosts under the reserved example.com. */
const PLACEHOLDER = /REPLACE_WITH|^https?:\/\/([a-z0-9-]+\.)*example\.com(\/|$)/i;

/** Dotted paths of the settings that still hold a placeholder, e.g. `targets.app`, `cloudflare.accountId`. */
export function placeholderSettings(env: Pick<ResolvedEnvironment, "targets" | "cloudflare">): string[] {
  const found: string[] = [];
  for (const [name, url] of Object.entries(env.targets))
    if (typeof url === "string" && PLACEHOLDER.test(url)) found.push(`targets.${name}`);
  if (env.cloudflare && PLACEHOLDER.test(env.cloudflare.accountId)) found.push("cloudflare.accountId");
  return found;
}
