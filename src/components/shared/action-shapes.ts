/**
 * @module
 * What the rollback action checks of `GET /api/actions/{rollback,convex-redeploy}` and of each line its
 * press streams, before it shows them. The contract is the types of `src/core/deploy/rollback-action.ts`;
 * `test/unit/shapes.test.ts` holds the state guard to a real answer of the route.
 */
import type { RollbackActionState, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import { arrayOf, type Fields, isNumber, isObject, isString, oneOf, shape } from "./shape-kit.ts";

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

/**
 * What each kind of line must carry for the press to show it. Keyed by every `type` of `RollbackEvent`, so
 * the compiler refuses a new kind of line until the guard knows it (an unknown line would otherwise break
 * the stream mid-rollback, where the page then says the write may have gone through).
 */
const lines: { [K in RollbackEvent["type"]]: (v: Fields) => boolean } = {
  start: (v) => isString(v.by) && isRef(v.from) && isRef(v.to) && isString(v.reason),
  answer: (v) => oneOf("done", "refused", "unknown")(v.verdict) && isString(v.said),
  "read-back": (v) => (v.switched === null || typeof v.switched === "boolean") && isString(v.said),
  run: (v) => isObject(v.run) && isString(v.said),
  "rolled-back": (v) => isRef(v.live),
  check: (v) => isObject(v.result) && isString(v.result.status) && isString(v.result.title),
  smoke: (v) => isObject(v.summary) && isString(v.summary.status) && isString(v.summary.summary),
  version: (v) => typeof v.matches === "boolean",
  result: (v) =>
    oneOf("verified", "verify-failed", "not-rolled-back", "unknown")(v.outcome) &&
    isString(v.headline) &&
    isString(v.next),
};

/** One line of the press's NDJSON answer: a known `type` with the fields the widget reads. */
export const rollbackEvent = shape<RollbackEvent>(
  (v) => isString(v.type) && Object.hasOwn(lines, v.type) && lines[v.type as RollbackEvent["type"]](v),
);
