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

import { arrayOf, type Fields, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

export { apiError, environmentList, type Shape, type Whoami, whoami } from "./shape-kit.ts";

/** `{ ok: true, data }` or `{ ok: false, error: { code, message } }`: one part of a report. */
const isSection = (v: unknown) =>
  isObject(v) &&
  (v.ok === true
    ? "data" in v
    : v.ok === false && isObject(v.error) && isString(v.error.code) && isString(v.error.message));

const answered = (v: Fields) => isString(v.environment) && isString(v.checkedAt) && isNumber(v.durationMs);

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
    oneOf("passing", "failing", "running", "waiting", "inconclusive", "none", "incomplete")(v.status) &&
    isSection(v.run) &&
    isSection(v.node),
);
