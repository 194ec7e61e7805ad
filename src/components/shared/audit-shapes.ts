/**
 * @module
 * The guard of `GET /api/audit` (the zod schema in `src/core/history/schemas.ts` is the contract;
 * `test/unit/history.test.ts` holds the guard to it). Apart from `history-shapes.ts`, so pages that
 * follow the shared deployment without the audit log do not ship it.
 */
import type { AuditList } from "../../core/history/schemas.ts";
import { isInt } from "./history-shapes.ts";
import { arrayOf, isObject, isString, shape } from "./shape-kit.ts";

const isAudit = (v: unknown) =>
  isObject(v) &&
  isInt(v.id) &&
  isString(v.at) &&
  isString(v.actor) &&
  isString(v.kind) &&
  isString(v.outcome) &&
  isInt(v.durationMs);

export const auditList = shape<AuditList>((v) => arrayOf(isAudit)(v.entries) && (v.next === null || isInt(v.next)));
