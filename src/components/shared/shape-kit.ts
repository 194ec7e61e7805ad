/**
 * @module
 * The guards' building blocks, and the shapes the header's environment picker needs on every page
 * (the API error, the environment list, who is signed in). Kept apart from `shapes.ts` so a page
 * whose only script is the picker does not ship every report's guard.
 */
import type { ApiError, EnvironmentSummary, Whoami } from "../../core/result.ts";

/** The one method of a zod schema the widgets use; zod schemas satisfy it too. */
export interface Shape<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export type Fields = Record<string, unknown>;

export const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === "string";
export const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
export const oneOf =
  (...values: string[]) =>
  (v: unknown) =>
    isString(v) && values.includes(v);
export const arrayOf = (item: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(item);

/** A shape whose test reads an object's fields; anything that is not an object fails. */
export function shape<T>(test: (v: Fields) => boolean): Shape<T> {
  return {
    safeParse(value) {
      return isObject(value) && test(value) ? { success: true, data: value as T } : { success: false };
    },
  };
}

export const apiError = shape<ApiError>(
  (v) => isObject(v.error) && isString(v.error.code) && isString(v.error.message),
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
