import { z } from "zod";

/** An environment variable or secret name, never a value: what `process.env`, Pages, Convex and GitHub all accept. */
const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
  message: "expected a variable name such as CONVEX_DEPLOY_KEY (letters, digits and _; not a value)",
});

function names(description: string) {
  return z
    .array(variableName)
    .default([])
    .refine((list) => new Set(list).size === list.length, { message: "each name once" })
    .describe(description);
}

/**
 * The variable names an environment needs, grouped by where each must exist. Only names: the
 * configuration check reports whether each is present and never reads, shows or hashes a value.
 */
export const requiredVariables = z
  .object({
    function: names("Bindings of this runbook's own Function (its Pages project), e.g. CLOUDFLARE_API_TOKEN."),
    pages: names("Production environment variables and secrets of Dashtray's Cloudflare Pages project."),
    convex: names("Environment variables of the Convex deployment (read by Convex functions at run time)."),
    github: names("Repository secrets or variables the deploy workflow reads (secrets.NAME / vars.NAME)."),
  })
  .strict()
  .prefault({});

export type RequiredVariables = z.output<typeof requiredVariables>;
