/**
 * @module
 * The guard of `GET /api/dns?env=`, which only <DomainStatus> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import type { DnsReport } from "../../core/incidents/schemas.ts";
import { answered, isSection } from "./report-kit.ts";
import { isObject, isString, oneOf, shape } from "./shape-kit.ts";

export const dnsReport = shape<DnsReport>(
  (v) =>
    answered(v) &&
    oneOf("ok", "problem", "incomplete")(v.status) &&
    isString(v.summary) &&
    isSection(v.records) &&
    isObject(v.https) &&
    isSection(v.customDomain),
);
