/**
 * @module
 * Hono's `validator` with the runbook's rules, the one way a route reads its query, path and JSON body:
 * `c.req.valid("query" | "param" | "json")` then holds the parsed, typed value. A query takes each
 * parameter at most once and none it does not know; every refusal is a 400 naming what was wrong.
 */
import type { Context } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiFailure } from "../errors.ts";
import { MAX_JSON_BODY_BYTES, readJson } from "./body.ts";
import { parseInput } from "./issues.ts";
import { ID_PATTERN } from "./schemas.ts";

type RawQuery = Record<string, string | string[]>;

/** Refuses a query parameter outside `known`, or one given more than once, naming it. */
function checkNames(raw: RawQuery, known: string[], onlyEnv: boolean): Record<string, string> {
  const unknown = Object.keys(raw).find((name) => !known.includes(name));
  if (unknown !== undefined)
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter ${JSON.stringify(unknown.slice(0, 64))} is not accepted here (${
        onlyEnv ? 'only "env"): checks are defined in runbook.config.json only' : `accepted: ${known.join(", ")})`
      }`,
    );
  const repeated = Object.keys(raw).find((name) => Array.isArray(raw[name]));
  if (repeated !== undefined)
    throw new ApiFailure(400, "invalid_parameter", `query parameter "${repeated}" was given more than once`);
  return raw as Record<string, string>;
}

/** A query against `schema`: no parameter outside it, none twice, each value valid. */
export function readQuery<T extends z.ZodObject>(raw: RawQuery, schema: T): z.output<T> {
  return parseInput(schema, checkNames(raw, Object.keys(schema.shape), false), "query");
}

/**
 * A query with the required `env` (an environment id) and the parameters of `schema`; `env` is
 * checked before the others, with messages that say how to give it.
 */
export function readEnvironmentQuery<T extends z.ZodObject>(raw: RawQuery, schema: T): z.output<T> & { env: string } {
  const known = ["env", ...Object.keys(schema.shape)];
  const { env, ...rest } = checkNames(raw, known, known.length === 1);
  if (env === undefined)
    throw new ApiFailure(400, "invalid_parameter", 'query parameter "env" is required, e.g. ?env=demo');
  if (!ID_PATTERN.test(env))
    throw new ApiFailure(
      400,
      "invalid_parameter",
      `query parameter "env" must be an environment id such as "production", got ${JSON.stringify(env.slice(0, 64))}`,
    );
  return { ...parseInput(schema, rest, "query"), env };
}

/** The query, checked by `readQuery` against `schema`: `c.req.valid("query")`. */
export function validQuery<T extends z.ZodObject>(schema: T) {
  return validator("query", (value) => readQuery(value, schema));
}

/** The path parameters against `schema` (e.g. `{ id: checkId }`): `c.req.valid("param")`. */
export function validParam<T extends z.ZodObject>(schema: T) {
  return validator("param", (value) => parseInput(schema, value, "path"));
}

export interface JsonOptions {
  /** The largest body accepted (default 4096 bytes). */
  maxBytes?: number;
  /** Runs on the parsed body before the schema, e.g. to refuse a claimed identity with its own reason. */
  before?: (raw: unknown) => void;
}

/** The JSON body against `schema` (415, 413, `invalid_json` or a 400 naming the field): `c.req.valid("json")`. */
export function validJson<T extends z.ZodType>(schema: T, options: JsonOptions = {}) {
  const check = validator("json", (value: unknown) => {
    options.before?.(value);
    return parseInput(schema, value, "body");
  });
  const validJsonHandler: typeof check = async (c, next) => {
    // Read here with the runbook's rules; Hono's validator then takes the parsed body from the cache.
    c.req.bodyCache.json = await readJson(c as Context, options.maxBytes ?? MAX_JSON_BODY_BYTES);
    return check(c, next);
  };
  return validJsonHandler;
}
