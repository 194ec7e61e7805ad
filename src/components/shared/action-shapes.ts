/**
 * @module
 * What the rollback action checks of `GET /api/actions/{rollback,convex-redeploy}` and of each line its
 * press streams, before it shows them. The contract is the types of `src/core/deploy/rollback-action.ts`;
 * `test/unit/shapes.test.ts` holds the state guard to a real answer of the route.
 */
import type { RollbackActionState, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { arrayOf, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

const isRef = (v: unknown) => isObject(v) && isString(v.id) && isString(v.shortId) && isString(v.createdOn);

export const rollbackActionState = shape<RollbackActionState>(
  (v) =>
    isString(v.environment) &&
    typeof v.available === "boolean" &&
    isString(v.actor) &&
    (v.live === null || isRef(v.live)) &&
    (v.newest === undefined || v.newest === null || isRef(v.newest)) &&
    arrayOf(isRef)(v.targets) &&
    isString(v.issuedAt) &&
    isNumber(v.maxAgeSeconds),
);

/** One line of the press's NDJSON answer: a known `type` with the fields the widget reads. */
export const rollbackEvent = shape<RollbackEvent>((v) => {
  switch (v.type) {
    case "start":
      return isString(v.by) && isRef(v.from) && isRef(v.to) && isString(v.reason);
    case "answer":
      return oneOf("done", "refused", "unknown")(v.verdict) && isString(v.said);
    case "read-back":
      return (v.switched === null || typeof v.switched === "boolean") && isString(v.said);
    case "run":
      return isObject(v.run) && isString(v.said);
    case "rolled-back":
      return isRef(v.live);
    case "check":
      return isObject(v.result) && isString(v.result.status) && isString(v.result.title);
    case "smoke":
      return isObject(v.summary) && isString(v.summary.status) && isString(v.summary.summary);
    case "version":
      return typeof v.matches === "boolean";
    case "result":
      return (
        oneOf("verified", "verify-failed", "not-rolled-back", "unknown")(v.outcome) &&
        isString(v.headline) &&
        isString(v.next)
      );
    default:
      return false;
  }
});
