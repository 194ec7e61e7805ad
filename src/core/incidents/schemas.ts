/**
 * @module
 * The answers of the Common Issues routes (`/api/config-check`, `/api/webhooks/probe`, `/api/dns`,
 * `/api/build`): the Function builds them to these schemas; the widgets import only the types and check
 * answers with the guards of `src/components/shared/` (gathered in `shapes.ts`), which a test holds to these schemas.
 * Nothing here ever carries a variable's value: names and presence only.
 */
import * as z from "zod/mini";
import { command, deployRun, link, sectionError } from "../deploy/schemas.ts";
import { VARIABLE_GROUPS } from "./variables.ts";

function section<T extends z.ZodMiniType>(data: T) {
  return z.union([z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: sectionError })]);
}

const answered = { environment: z.string(), checkedAt: z.string(), durationMs: z.number() };

/** One required name and whether it exists there; a missing one comes with the command that adds it. */
export const variableState = z.object({
  name: z.string(),
  present: z.boolean(),
  /** GitHub: found as a repository "secret" or "variable". */
  foundAs: z.optional(z.string()),
  fix: z.optional(command),
});
export type VariableState = z.infer<typeof variableState>;

/** One place variables must exist: what is required there, what was found, and how to look yourself. */
export const variableGroupReport = z.object({
  group: z.enum(VARIABLE_GROUPS),
  label: z.string(),
  required: z.array(z.string()),
  result: section(z.array(variableState)),
  /** Commands and dashboards to check by hand (always there, also when the API could not be asked). */
  commands: z.array(command),
  links: z.array(link),
});
export type VariableGroupReport = z.infer<typeof variableGroupReport>;

/** `GET /api/config-check?env=`. complete: every name found; missing: at least one is not; incomplete: none missing, a place unread. */
export const configCheckReport = z.object({
  ...answered,
  status: z.enum(["complete", "missing", "incomplete"]),
  missing: z.number(),
  groups: z.array(variableGroupReport),
});
export type ConfigCheckReport = z.infer<typeof configCheckReport>;

export const webhookAttemptKinds = ["unsigned", "wrong-signature", "signed"] as const;

/** One of the probe's requests and what the endpoint did with it. */
export const webhookAttempt = z.object({
  kind: z.enum(webhookAttemptKinds),
  label: z.string(),
  expected: z.enum(["rejected", "accepted"]),
  /** failed: no usable answer (network, timeout, 5xx, 404); skipped: not sent, `detail` says why. */
  outcome: z.enum(["rejected", "accepted", "failed", "skipped"]),
  status: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
  detail: z.string(),
});
export type WebhookAttempt = z.infer<typeof webhookAttempt>;

export const webhookVerdicts = [
  "validation-on",
  "validation-off",
  "endpoint-down",
  "secret-mismatch",
  "handler-error",
] as const;
export type WebhookVerdictCode = (typeof webhookVerdicts)[number];

/** `POST /api/webhooks/probe?env=`. */
export const webhookProbeReport = z.object({
  ...answered,
  url: z.string(),
  verdict: z.enum(webhookVerdicts),
  title: z.string(),
  detail: z.string(),
  attempts: z.array(webhookAttempt),
  /** The binding the signed probe's secret comes from (its name only). */
  secretVariable: z.string(),
  dashboardUrl: z.string(),
});
export type WebhookProbeReport = z.infer<typeof webhookProbeReport>;

/** One expected DNS record against what the resolver answered. */
export const recordCheck = z.object({
  type: z.string(),
  expected: z.string(),
  outcome: z.enum(["match", "wrong", "nxdomain", "no-record", "resolver-error"]),
  actual: z.array(z.string()),
  detail: z.string(),
});
export type RecordCheck = z.infer<typeof recordCheck>;

/** Opening the domain over HTTPS: a TLS failure is named, not hidden behind "unreachable". */
export const httpsCheck = z.object({
  url: z.string(),
  outcome: z.enum(["ok", "http-error", "tls-error", "dns-error", "timeout", "unreachable", "plain-http"]),
  status: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
  detail: z.string(),
});
export type HttpsCheck = z.infer<typeof httpsCheck>;

/** The domain as the Pages project lists it; `missing` when the project does not list it at all. */
export const customDomainState = z.object({
  name: z.string(),
  status: z.string(),
  detail: z.string(),
  validation: z.optional(
    z.object({
      status: z.optional(z.string()),
      method: z.optional(z.string()),
      message: z.optional(z.string()),
      txtName: z.optional(z.string()),
      txtValue: z.optional(z.string()),
    }),
  ),
  verification: z.optional(z.object({ status: z.optional(z.string()), message: z.optional(z.string()) })),
});
export type CustomDomainState = z.infer<typeof customDomainState>;

/** `GET /api/dns?env=`. ok: records match, HTTPS answers, domain active; problem: any of those is not; incomplete: a part unread. */
export const dnsReport = z.object({
  ...answered,
  domain: z.string(),
  status: z.enum(["ok", "problem", "incomplete"]),
  summary: z.string(),
  records: section(z.array(recordCheck)),
  https: httpsCheck,
  customDomain: section(customDomainState),
  links: z.array(link),
});
export type DnsReport = z.infer<typeof dnsReport>;

/** The latest deploy run with where to read its logs. */
export const buildRun = z.extend(deployRun, {
  commitUrl: z.string(),
  logsCommand: z.string(),
  /** What the command shows ("Read the failed steps' logs…", "Follow the run…"). */
  logsLabel: z.optional(z.string()),
  /** The next step for this status and conclusion (`src/core/deploy/run-states.ts`). */
  next: z.optional(z.string()),
  /** Where to take it: the run's page to approve it, or the workflow file to fix. */
  nextLink: z.optional(link),
});
export type BuildRun = z.infer<typeof buildRun>;

/** The Node.js version the build expects, as the repository's version file says on the production branch. */
export const nodeVersionState = z.object({
  file: z.string(),
  ref: z.string(),
  fileUrl: z.string(),
  /** The file's first line, as written (`24`, `v24.11.1`, `lts/jod`). */
  declared: z.string(),
  major: z.nullable(z.number()),
  /** End of life of that major line, when known; `past` relative to `checkedAt`. */
  endOfLife: z.optional(z.object({ date: z.string(), past: z.boolean() })),
});
export type NodeVersionState = z.infer<typeof nodeVersionState>;

/** `GET /api/build?env=`. */
export const buildReport = z.object({
  ...answered,
  /** passing, failing, running; waiting (for an approval); inconclusive (stale, neutral, skipped); none; incomplete. */
  status: z.enum(["passing", "failing", "running", "waiting", "inconclusive", "none", "incomplete"]),
  summary: z.string(),
  run: section(z.nullable(buildRun)),
  node: section(nodeVersionState),
  links: z.array(link),
});
export type BuildReport = z.infer<typeof buildReport>;
