/**
 * @module
 * What the widgets check of an API answer before they render it. The contract is the zod schemas in
 * `src/core` (the server builds its answers from them and the tests parse every answer with them);
 * shipping zod to the browser as well would cost about 8 KB of the 10 KB widget budget, so the
 * browser checks the load-bearing fields of each answer with these small guards instead.
 * `test/unit/shapes.test.ts` holds each guard to its zod schema on real answers.
 */
import type { RollbackReport, VersionReport } from "../../core/deploy/schemas.ts";
import type { BuildReport, ConfigCheckReport, DnsReport, WebhookProbeReport } from "../../core/incidents/schemas.ts";
import type {
  ApiError,
  CheckResult,
  CheckSummary,
  EnvironmentSummary,
  VerifyEvent,
  VerifyPart,
  Whoami,
} from "../../core/result.ts";

/** The one method of a zod schema the widgets use; zod schemas satisfy it too. */
export interface Shape<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const oneOf =
  (...values: string[]) =>
  (v: unknown) =>
    isString(v) && values.includes(v);
const arrayOf = (item: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(item);

/** A shape whose test reads an object's fields; anything that is not an object fails. */
function shape<T>(test: (v: Fields) => boolean): Shape<T> {
  return {
    safeParse(value) {
      return isObject(value) && test(value) ? { success: true, data: value as T } : { success: false };
    },
  };
}

/** `{ ok: true, data }` or `{ ok: false, error: { code, message } }`: one part of a report. */
const isSection = (v: unknown) =>
  isObject(v) &&
  (v.ok === true
    ? "data" in v
    : v.ok === false && isObject(v.error) && isString(v.error.code) && isString(v.error.message));

const answered = (v: Fields) => isString(v.environment) && isString(v.checkedAt) && isNumber(v.durationMs);

export const apiError = shape<ApiError>(
  (v) => isObject(v.error) && isString(v.error.code) && isString(v.error.message),
);

const assertion = (v: unknown) =>
  isObject(v) &&
  isString(v.label) &&
  oneOf("pass", "warn", "fail")(v.status) &&
  isString(v.expected) &&
  isString(v.actual);

export const checkResult = shape<CheckResult>(
  (v) =>
    isString(v.checkId) &&
    isString(v.title) &&
    isString(v.environment) &&
    oneOf("pass", "warn", "fail", "error")(v.status) &&
    isString(v.summary) &&
    isObject(v.request) &&
    arrayOf(assertion)(v.assertions) &&
    isObject(v.observed) &&
    isNumber(v.durationMs) &&
    isString(v.checkedAt),
);

const criterion = (v: unknown) =>
  isObject(v) && isString(v.label) && oneOf("pass", "fail")(v.status) && isString(v.expected) && isString(v.actual);

/** One line of the `POST /api/verify` stream. */
export const verifyEvent = shape<VerifyEvent>((v) => {
  switch (v.type) {
    case "start":
      return isString(v.environment) && arrayOf((c) => isObject(c) && isString(c.id) && isString(c.title))(v.checks);
    case "result":
      return checkResult.safeParse(v.result).success;
    case "summary":
      return (
        isObject(v.summary) &&
        oneOf("pass", "warn", "fail")(v.summary.status) &&
        isString(v.summary.summary) &&
        arrayOf(criterion)(v.summary.criteria)
      );
    case "error":
      return apiError.safeParse(v).success;
    default:
      return false;
  }
});

/** `GET /api/checks?env=`: the checks of an environment (verify-all runs those with `smoke`). */
export const checkList = shape<{ environment: string; checks: CheckSummary[] }>(
  (v) =>
    isString(v.environment) &&
    arrayOf((c) => isObject(c) && isString(c.id) && isString(c.title) && typeof c.smoke === "boolean")(v.checks),
);

/** `POST /api/verify/checks/{id}?env=`: one smoke check of verify-all, with what the run is judged on. */
export const verifyPart = shape<VerifyPart>(
  (v) =>
    isString(v.environment) &&
    checkResult.safeParse(v.result).success &&
    isObject(v.samples) &&
    arrayOf(isNumber)(v.samples.latencies) &&
    isNumber(v.samples.errors) &&
    isNumber(v.samples.count) &&
    isObject(v.criteria) &&
    isNumber(v.criteria.maxErrorRate) &&
    isNumber(v.criteria.p95Ms),
);

const environmentSummary = (v: unknown) =>
  isObject(v) && isString(v.id) && isString(v.label) && typeof v.demo === "boolean";

export const environmentList = shape<{ environments: EnvironmentSummary[]; default: string | null }>(
  (v) => arrayOf(environmentSummary)(v.environments) && (v.default === null || isString(v.default)),
);

export type { Whoami };
export const whoami = shape<Whoami>(
  (v) =>
    oneOf("verified", "off")(v.access) &&
    (v.identity === null || (isObject(v.identity) && (isString(v.identity.email) || isString(v.identity.commonName)))),
);

export const demoState = shape<Record<string, unknown> & { mode: "healthy" | "degraded" | "down" | "slow" }>((v) =>
  oneOf("healthy", "degraded", "down", "slow")(v.mode),
);

export const versionReport = shape<VersionReport>(
  (v) =>
    isString(v.environment) &&
    oneOf("in-sync", "drift", "incomplete")(v.status) &&
    [v.frontend, v.backend, v.pages, v.deployRun].every(isSection) &&
    (v.staging === undefined || isSection(v.staging)) &&
    arrayOf((d) => isObject(d) && isString(d.code) && oneOf("warn", "info")(d.severity) && isString(d.title))(
      v.drift,
    ) &&
    isObject(v.links),
);

export const rollbackReport = shape<RollbackReport>(
  (v) =>
    isString(v.environment) &&
    [v.pages, v.convex, v.git].every(isSection) &&
    isObject(v.links) &&
    isString(v.checkedAt),
);

export const configCheckReport = shape<ConfigCheckReport>(
  (v) =>
    answered(v) &&
    oneOf("complete", "missing", "incomplete")(v.status) &&
    isNumber(v.missing) &&
    Array.isArray(v.groups),
);

export const webhookProbeReport = shape<WebhookProbeReport>(
  (v) =>
    answered(v) &&
    isString(v.verdict) &&
    isString(v.title) &&
    isString(v.detail) &&
    Array.isArray(v.attempts) &&
    isString(v.dashboardUrl),
);

export const dnsReport = shape<DnsReport>(
  (v) =>
    answered(v) &&
    oneOf("ok", "problem", "incomplete")(v.status) &&
    isString(v.summary) &&
    isSection(v.records) &&
    isObject(v.https) &&
    isSection(v.customDomain),
);

export const buildReport = shape<BuildReport>(
  (v) =>
    answered(v) &&
    oneOf("passing", "failing", "running", "none", "incomplete")(v.status) &&
    isSection(v.run) &&
    isSection(v.node),
);
