/**
 * @module
 * What the Common Issues widgets of one environment may touch: the payments webhook endpoint to
 * probe, the custom domain and the DNS records it should have, and the file naming the build's
 * Node.js version. Each is optional; a widget without its part says so.
 */
import { z } from "zod";

const envName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, { message: "expected an env variable name such as DODO_TEST_WEBHOOK_SECRET" });
const httpsOrHttp = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

/** The webhook endpoint the probe sends its three requests to. */
export const webhookProbeSettings = z
  .object({
    target: z
      .string()
      .min(1)
      .describe("The environment's target the endpoint lives on (e.g. convex: the .convex.site URL)."),
    path: z.string().startsWith("/").describe("Path of the endpoint on that target, e.g. /webhooks/dodopayments."),
    secretVariable: envName
      .default("DODO_TEST_WEBHOOK_SECRET")
      .describe(
        "Env binding holding the test-mode signing secret (whsec_...) the endpoint verifies with. When set, a correctly signed probe event must be accepted.",
      ),
    dashboardUrl: httpsOrHttp
      .default("https://app.dodopayments.com/")
      .describe("Where the probe's link to real deliveries points (the demo: its own stand-in page)."),
  })
  .strict();

export const dnsRecordTypes = ["A", "AAAA", "CNAME", "TXT"] as const;

/** A record the domain should have, compared without case and trailing dot. */
export const expectedRecord = z.object({ type: z.enum(dnsRecordTypes), value: z.string().min(1).max(255) }).strict();

/** The custom domain: what DNS should answer, and where to ask. */
export const dnsSettings = z
  .object({
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
        message: "expected a lower-case host name such as dashtray.example.com",
      })
      .describe("The production custom domain of the Pages project."),
    expect: z
      .array(expectedRecord)
      .min(1)
      .describe("Records the domain must have, e.g. a CNAME to <project>.pages.dev."),
    resolver: httpsOrHttp
      .default("https://cloudflare-dns.com/dns-query")
      .describe("DNS over HTTPS resolver answering the JSON API (application/dns-json)."),
    url: httpsOrHttp
      .optional()
      .describe("Address the HTTPS probe opens (default https://<domain>/). Only the demo may use plain http."),
  })
  .strict();

/** Where the build says which Node.js it needs. */
export const buildSettings = z
  .object({
    nodeVersionFile: z
      .string()
      .regex(/^(?!\/)(?!.*\.\.)[\w.\-/]+$/, { message: "expected a path inside the repository such as .nvmrc" })
      .default(".nvmrc")
      .describe("File in the Dashtray repository naming the Node.js version (read on the production branch)."),
  })
  .strict();

/** Cross-field rules: the webhook target exists; only the demo probes plain http. */
export function refineCommonIssues(
  env: {
    demo: boolean;
    targets: Record<string, string>;
    webhooks?: { target: string } | undefined;
    dns?: { url?: string | undefined } | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (env.webhooks && !(env.webhooks.target in env.targets))
    ctx.addIssue({
      code: "custom",
      path: ["webhooks", "target"],
      message: `no target "${env.webhooks.target}" (targets: ${Object.keys(env.targets).join(", ")})`,
    });
  if (env.dns?.url && !env.demo && !env.dns.url.startsWith("https://"))
    ctx.addIssue({
      code: "custom",
      path: ["dns", "url"],
      message: "expected an https URL: this probe checks the certificate",
    });
}
