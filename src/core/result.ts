// zod/mini: the widgets parse API answers with these same schemas, and mini keeps that under budget.
import * as z from "zod/mini";

/** pass / warn / fail are verdicts about the target; `error` means the check could not run at all. */
export const checkStatus = z.enum(["pass", "warn", "fail", "error"]);
export type CheckStatus = z.infer<typeof checkStatus>;

/** One assertion as the reader sees it: what was expected, what was observed. */
export const assertionResult = z.object({
  label: z.string(),
  status: z.enum(["pass", "warn", "fail"]),
  expected: z.string(),
  actual: z.string(),
});
export type AssertionResult = z.infer<typeof assertionResult>;

export const sampleStats = z.object({
  count: z.int(),
  errors: z.int(),
  errorRate: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  maxMs: z.number(),
});
export type SampleStats = z.infer<typeof sampleStats>;

/** The typed answer of one check run, shared by the Function, the widgets and the CLI. */
export const checkResult = z.object({
  checkId: z.string(),
  title: z.string(),
  environment: z.string(),
  status: checkStatus,
  /** One sentence a person reads first. */
  summary: z.string(),
  request: z.object({ method: z.string(), url: z.string() }),
  assertions: z.array(assertionResult),
  observed: z.object({
    httpStatus: z.optional(z.int()),
    latencyMs: z.optional(z.number()),
    contentType: z.optional(z.string()),
    bytes: z.optional(z.int()),
    redirects: z.optional(z.int()),
  }),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  samples: z.optional(sampleStats),
  durationMs: z.number(),
  checkedAt: z.string(),
  /** True when this answer was reused from a run that finished moments ago. */
  cached: z._default(z.boolean(), false),
});
export type CheckResult = z.infer<typeof checkResult>;

/** One success criterion of the runbook, evaluated. */
export const criterionResult = z.object({
  id: z.enum(["smoke", "errorRate", "p95"]),
  label: z.string(),
  status: z.enum(["pass", "fail"]),
  expected: z.string(),
  actual: z.string(),
});
export type CriterionResult = z.infer<typeof criterionResult>;

/** The verdict of a verify-all smoke run against the Success Criteria. */
export const verifySummary = z.object({
  environment: z.string(),
  status: z.enum(["pass", "warn", "fail"]),
  summary: z.string(),
  criteria: z.array(criterionResult),
  counts: z.object({ pass: z.number(), warn: z.number(), fail: z.number(), error: z.number() }),
  samples: sampleStats,
  durationMs: z.number(),
  checkedAt: z.string(),
});
export type VerifySummary = z.infer<typeof verifySummary>;

/** Lines of the NDJSON stream of `POST /api/verify`. */
export const verifyEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("start"),
    environment: z.string(),
    checks: z.array(z.object({ id: z.string(), title: z.string() })),
  }),
  z.object({ type: z.literal("result"), result: checkResult }),
  z.object({ type: z.literal("summary"), summary: verifySummary }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type VerifyEvent = z.infer<typeof verifyEvent>;

/**
 * The answer of `POST /api/verify/checks/{id}`: one smoke check of a verify-all run, sampled in an
 * invocation of its own, with the raw figures and the criteria the caller judges the whole run on.
 */
export const verifyPart = z.object({
  environment: z.string(),
  result: checkResult,
  samples: z.object({ latencies: z.array(z.number()), errors: z.number(), count: z.number() }),
  criteria: z.object({
    maxErrorRate: z.number(),
    p95Ms: z.number(),
    samples: z.number(),
    concurrency: z.number(),
  }),
});
export type VerifyPart = z.infer<typeof verifyPart>;

/** The error body of every failed API call. */
export const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof apiError>;

/** A check as listed by `GET /api/checks`. */
export const checkSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  kind: z.enum(["http", "health"]),
  method: z.string(),
  url: z.string(),
  smoke: z.boolean(),
});
export type CheckSummary = z.infer<typeof checkSummary>;

export const environmentSummary = z.object({
  id: z.string(),
  label: z.string(),
  description: z.optional(z.string()),
  demo: z.boolean(),
});
export type EnvironmentSummary = z.infer<typeof environmentSummary>;

/** `GET /api/whoami`: who Cloudflare Access verified for this request, or that Access is off. */
export const whoami = z.object({
  identity: z.nullable(z.union([z.object({ email: z.string() }), z.object({ commonName: z.string() })])),
  access: z.enum(["verified", "off"]),
});
export type Whoami = z.infer<typeof whoami>;
