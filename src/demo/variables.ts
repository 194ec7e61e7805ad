/**
 * @module
 * The variables the demo's Pages project, Convex deployment and GitHub repository hold, with values:
 * the real APIs send values along with names, so the stand-ins do too, and every value carries
 * `DEMO_VALUE_MARKER` so tests can prove none of them leaves the runbook's Function.
 */
import type { DemoSettings } from "./settings.ts";

/** In every demo variable value; must never appear in a runbook API answer. */
export const DEMO_VALUE_MARKER = "DEMO-VALUE-MUST-NOT-LEAK";

type Place = "pages" | "convex" | "github-secrets" | "github-variables";

/** Names per place; the one left out in the `missing` scenario is listed second. */
const PLACES: Record<Place, { names: readonly string[]; droppedWhenMissing?: string }> = {
  pages: { names: ["CONVEX_URL", "SENTRY_DSN", "SESSION_COOKIE_DOMAIN"], droppedWhenMissing: "SENTRY_DSN" },
  convex: {
    names: ["DODO_PAYMENTS_API_KEY", "DODO_PAYMENTS_WEBHOOK_SECRET", "RESEND_API_KEY", "SITE_URL"],
    droppedWhenMissing: "DODO_PAYMENTS_WEBHOOK_SECRET",
  },
  "github-secrets": {
    names: ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "CONVEX_DEPLOY_KEY"],
    droppedWhenMissing: "CONVEX_DEPLOY_KEY",
  },
  "github-variables": { names: ["VITE_CONVEX_URL", "NODE_ENV"] },
};

/** The names a place holds in a scenario. */
export function demoVariableNames(place: Place, scenario: DemoSettings["variablesScenario"]): string[] {
  const { names, droppedWhenMissing } = PLACES[place];
  return names.filter((name) => scenario === "complete" || name !== droppedWhenMissing);
}

/** A made-up value that looks like the real kind and carries the marker. */
export function demoValue(place: string, name: string): string {
  return `${name.toLowerCase().includes("url") ? "https://" : "sk_demo_"}${DEMO_VALUE_MARKER}-${place}-${name}`;
}

/** Pages' `env_vars`: `{ NAME: { type, value } }`; secrets too carry a value here, the worst case. */
export function demoVariables(
  place: "pages",
  scenario: DemoSettings["variablesScenario"],
): Record<string, { type: string; value: string }> {
  return Object.fromEntries(
    demoVariableNames(place, scenario).map((name) => [
      name,
      {
        type: name.endsWith("_DSN") || name.includes("SECRET") ? "secret_text" : "plain_text",
        value: demoValue(place, name),
      },
    ]),
  );
}
