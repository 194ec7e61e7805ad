/**
 * @module
 * The guard of `POST /api/webhooks/probe?env=`, which only <WebhookProbe> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { WebhookProbeReport } from "../../core/incidents/schemas.ts";
import { answered } from "./report-kit.ts";
import { isString, shape } from "./shape-kit.ts";

export const webhookProbeReport = shape<WebhookProbeReport>(
  (v) =>
    answered(v) &&
    isString(v.verdict) &&
    isString(v.title) &&
    isString(v.detail) &&
    Array.isArray(v.attempts) &&
    isString(v.dashboardUrl),
);
