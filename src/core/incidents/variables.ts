/**
 * @module
 * The configuration check in plain data: which required names a place has, and for each missing one
 * the exact command that adds it. Commands never carry a value: each tool prompts for it, so it stays
 * out of shell history and out of this runbook.
 */
import type { Command } from "../deploy/schemas.ts";

export const VARIABLE_GROUPS = ["function", "pages", "convex", "github"] as const;
export type VariableGroupId = (typeof VARIABLE_GROUPS)[number];

/** Where a name was found; `true` when the place does not say more than "there". */
export type FoundNames = ReadonlyMap<string, string | true>;

export interface FixContext {
  environmentId: string;
  /** The environment's `productionLike` flag: its Convex deployment is the project's production one. */
  productionLike?: boolean | undefined;
  pagesProject?: string | undefined;
  convexDeployment?: string | undefined;
  repo?: string | undefined;
}

/** `--prod` for a production-like environment (the Convex CLI's own flag); otherwise the deployment by name. */
export function convexTarget(context: FixContext): string {
  if (context.productionLike) return "--prod";
  return context.convexDeployment ? `--deployment ${context.convexDeployment}` : "--prod";
}

/** The command that adds `name` where `group` says it must exist. */
export function fixCommand(group: VariableGroupId, name: string, context: FixContext): Command {
  switch (group) {
    case "function":
      return {
        label: `Add ${name} to this runbook's Function: a secret of the runbook's own Pages project (run in the runbook's repository; its wrangler.toml names the project), or a line in .dev.vars locally`,
        command: `npx wrangler pages secret put ${name}`,
      };
    case "pages":
      return {
        label: `Add ${name} to the production environment of Pages project ${context.pagesProject ?? "<project>"} (it reaches Pages Functions from the next deployment on)`,
        command: `npx wrangler pages secret put ${name} --project-name ${context.pagesProject ?? "<project>"}`,
      };
    case "convex":
      return {
        label: `Add ${name} to the Convex deployment${context.convexDeployment ? ` ${context.convexDeployment}` : ""} (functions see it on their next run; it asks for the value)`,
        command: `npx convex env set ${name} ${convexTarget(context)}`,
      };
    case "github":
      return {
        label: `Add ${name} as a repository secret (gh variable set ${name} if it is not secret), then re-run the deploy`,
        command: `gh secret set ${name}${context.repo ? ` --repo ${context.repo}` : ""}`,
      };
  }
}

/** Each required name, present or not, with the fix for a missing one. Keeps the config's order. */
export function presence(group: VariableGroupId, required: readonly string[], found: FoundNames, context: FixContext) {
  return required.map((name) => {
    const where = found.get(name);
    if (where === undefined) return { name, present: false, fix: fixCommand(group, name, context) };
    return { name, present: true, ...(typeof where === "string" && { foundAs: where }) };
  });
}

/** A set of names from any list of keys, e.g. the keys of an API's `{ NAME: { type, value } }`. */
export function namesOf(keys: Iterable<string>, foundAs?: string): Map<string, string | true> {
  const found = new Map<string, string | true>();
  for (const key of keys) if (!found.has(key)) found.set(key, foundAs ?? true);
  return found;
}
