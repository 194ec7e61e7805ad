import { z } from "zod";
import { checkDefinition } from "./checks.ts";
import { buildSettings, dnsSettings, refineCommonIssues, webhookProbeSettings } from "./common-issues.ts";
import { requiredVariables } from "./required-variables.ts";
import { analysisSettings, scheduleSettings } from "./watch.ts";

const httpUrl = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

/** The name of a Function env binding that holds a secret; the config names it, never holds it. */
const tokenVariable = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/, { message: "expected an env variable name such as CLOUDFLARE_API_TOKEN" })
    .default(fallback);

/**
 * An environment's id, chosen in the config: what `?env=`, `--env` and the picker use. A slug, so it
 * is safe in URLs, file names and storage keys; it starts with a letter so no id is an array index
 * (JSON objects would list those first and lose the config's order).
 */
export const environmentId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
  message:
    'environment id must be a slug: a lowercase letter, then lowercase letters, digits or "-" (at most 63), e.g. "preview-eu"',
});
export type EnvironmentId = z.output<typeof environmentId>;

/** Where the Cloudflare Pages project of this environment lives. */
export const cloudflareSettings = z
  .object({
    accountId: z.string().min(1),
    pagesProject: z.string().min(1),
    apiBase: httpUrl.default("https://api.cloudflare.com/client/v4"),
    dashboardBase: httpUrl
      .default("https://dash.cloudflare.com")
      .describe("Where links to the Pages project and its deployments point (the demo: its own stand-in pages)."),
    tokenVariable: tokenVariable("CLOUDFLARE_API_TOKEN").describe(
      "Env binding holding an API token with Cloudflare Pages: Read (`.dev.vars` locally, a secret of the Pages project).",
    ),
    maxDeployments: z
      .number()
      .int()
      .min(25)
      .max(1000)
      .default(200)
      .describe(
        "How many production deployments the version and rollback panels read at most (25 a page) to find the live one and the last good one before it.",
      ),
  })
  .strict();

/** The GitHub repository and workflow that build and deploy the frontend. */
export const githubSettings = z
  .object({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'expected "owner/name"' }),
    workflow: z.string().min(1).default("deploy.yml"),
    productionBranch: z.string().min(1).default("main"),
    apiBase: httpUrl.default("https://api.github.com"),
    webBase: httpUrl
      .default("https://github.com")
      .describe("Where links to commits, comparisons, runs and files point (the demo: its own stand-in pages)."),
    tokenVariable: tokenVariable("GITHUB_TOKEN").describe(
      "Env binding holding a GitHub token that can read the repository's Actions runs.",
    ),
  })
  .strict();

/** The Convex deployment serving the backend. */
export const convexSettings = z
  .object({
    deployment: z.string().regex(/^[a-z0-9-]+$/, { message: "expected a deployment name such as happy-animal-123" }),
    dashboardBase: httpUrl
      .default("https://dashboard.convex.dev")
      .describe("Where links to the Convex deployment point (the demo: its own stand-in pages)."),
    apiBase: httpUrl
      .optional()
      .describe(
        "Deployment API base (default https://<deployment>.convex.cloud); only its list of variable names is read.",
      ),
    tokenVariable: tokenVariable("CONVEX_DEPLOY_KEY")
      .optional()
      .describe(
        "Env binding holding a deploy key for the configuration check (default CONVEX_DEPLOY_KEY; without it the check shows the command to run instead).",
      ),
  })
  .strict();

/**
 * An allow-list entry: an Access email (`ada@example.com`), an email domain (`@example.com`), a
 * service token (`service:<common name>`) or `local` (the loopback reader where Access is off).
 */
export const allowEntry = z.string().regex(/^(local|service:[^\s]{1,200}|[^\s@]{1,64}@[^\s@]{1,253}|@[^\s@]{1,253})$/, {
  message: 'expected an email ("ada@example.com"), a domain ("@example.com"), "service:<name>" or "local"',
});

/**
 * The guarded one-click Pages rollback from the Rollback page (off unless enabled). It needs its own
 * write token binding (Account → Cloudflare Pages → Edit), kept apart from the read token.
 */
export const rollbackActionSettings = z
  .object({
    enabled: z.boolean().default(false).describe("Offer the Roll back button for this environment."),
    writeTokenVariable: tokenVariable("CLOUDFLARE_PAGES_WRITE_TOKEN").describe(
      "Env binding holding a Cloudflare API token with Account → Cloudflare Pages → Edit, used only by the rollback action.",
    ),
    allow: z
      .array(allowEntry)
      .min(1)
      .describe(
        'Who may press it: Access emails, email domains ("@example.com"), "service:<name>", or "local" (Access off, loopback only).',
      ),
    answerTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(15)
      .describe(
        "How long a write (the rollback, the dispatch) is waited for; past it the answer counts as unknown and the runbook reads back what the provider serves.",
      ),
    convexWorkflow: z
      .object({
        workflow: z
          .string()
          .min(1)
          .describe("The GitHub Actions workflow (file name or id) that deploys Convex at a commit."),
        input: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,99}$/)
          .default("ref")
          .describe("Its workflow_dispatch input that takes the commit SHA (default `ref`)."),
        tokenVariable: tokenVariable("GITHUB_ACTIONS_WRITE_TOKEN").describe(
          "Env binding holding a GitHub token with Actions: Read and write on the repository, used only to dispatch it.",
        ),
      })
      .strict()
      .optional()
      .describe(
        'Offer "redeploy Convex at <sha>" by dispatching this workflow (needs github settings); without it the Convex page keeps its commands.',
      ),
  })
  .strict();

/** One environment: what exists there and what the widgets may check. */
export const environment = z
  .object({
    label: z.string().min(1),
    description: z.string().optional(),
    demo: z
      .boolean()
      .default(false)
      .describe("The built-in demo Dashtray. Served only when the Function has RUNBOOK_DEMO_ORIGIN."),
    productionLike: z
      .boolean()
      .default(false)
      .describe(
        "Treat it like production, whatever its id: the picker marks it red, the CLI warns outside the deployment window, and Convex fix commands use --prod.",
      ),
    targets: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/), httpUrl)
      .refine((t) => Object.keys(t).length > 0, { message: "name at least one target" })
      .describe("The only base URLs checks of this environment may reach."),
    versionPaths: z
      .object({
        app: z.string().startsWith("/").default("/version.json"),
        convex: z.string().startsWith("/").default("/version"),
      })
      .strict()
      .prefault({}),
    convex: convexSettings.optional(),
    cloudflare: cloudflareSettings.optional(),
    github: githubSettings.optional(),
    rollbackAction: rollbackActionSettings
      .optional()
      .describe("The guarded Pages rollback from the Rollback page (off unless enabled; needs cloudflare settings)."),
    checks: z
      .array(checkDefinition)
      .default([])
      .describe("Checks only this environment has, or replacing a shared one by id."),
    schedule: scheduleSettings
      .optional()
      .describe("Checks between deploys, run by the watch Worker with no tab open (off unless present)."),
    analysis: analysisSettings
      .prefault({})
      .describe("How a post-deploy watch is judged: its failure limit and the opt-in automatic rollback."),
    requiredVariables,
    webhooks: webhookProbeSettings.optional(),
    dns: dnsSettings.optional(),
    build: buildSettings.prefault({}),
  })
  .strict()
  .superRefine(refineCommonIssues);

export type Environment = z.output<typeof environment>;
