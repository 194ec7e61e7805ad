import { z } from "zod";

const httpUrl = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

/** Who answers when a production deploy goes wrong. Leave it out until a real rota exists: the site then says so. */
export const onCallContact = z
  .object({
    name: z.string().min(1).describe('The on-call engineer or the rotation\'s name, e.g. "Dashtray primary on-call".'),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ().-]{4,}$/, { message: 'expected a phone number such as "+44 20 7946 0000"' })
      .optional()
      .describe("A number to call, international format."),
    slack: z
      .string()
      .regex(/^[#@][\w.-]+$/, { message: 'expected a Slack channel or handle such as "#dashtray-oncall"' })
      .optional()
      .describe('The Slack channel (or handle) that reaches whoever is on call, e.g. "#dashtray-oncall".'),
    slackUrl: httpUrl
      .optional()
      .describe("A link that opens that channel, e.g. https://<workspace>.slack.com/archives/<channel id>."),
    pagingUrl: httpUrl.optional().describe("The paging tool's page for this rota (PagerDuty, Opsgenie, incident.io…)."),
  })
  .strict()
  .refine((c) => c.phone !== undefined || c.slack !== undefined || c.pagingUrl !== undefined, {
    message: "give at least one way to reach on-call: `phone`, `slack` or `pagingUrl`",
  });
export type OnCallContact = z.output<typeof onCallContact>;

/** A vendor's support desk. */
export const vendorContact = z
  .object({
    label: z.string().min(1).describe('As the runbook lists it, e.g. "Convex Support"'),
    email: z.email({ message: "expected an email address" }).optional(),
    url: httpUrl.optional(),
    phone: z.string().min(1).optional(),
  })
  .strict()
  .refine((v) => v.email !== undefined || v.url !== undefined || v.phone !== undefined, {
    message: "give at least one of `email`, `url` or `phone`",
  });
export type VendorContact = z.output<typeof vendorContact>;

/** The source runbook's support desks, used when `contacts.vendors` is left out. */
export const defaultVendors: VendorContact[] = [
  { label: "Convex Support", email: "support@convex.dev" },
  { label: "Cloudflare Support", url: "https://dash.cloudflare.com/support" },
  { label: "DodoPayments Support", email: "support@dodopayments.com" },
];

/** Emergency contacts, shown on the Emergency Contacts page. */
export const contacts = z
  .object({
    onCall: onCallContact
      .optional()
      .describe("Who is on call during and after a deploy. The build warns while this is missing."),
    vendors: z
      .array(vendorContact)
      .default(defaultVendors)
      .describe("Support desks, in the order the page lists them (default: Convex, Cloudflare, DodoPayments)."),
  })
  .strict()
  .prefault({});
export type Contacts = z.output<typeof contacts>;
