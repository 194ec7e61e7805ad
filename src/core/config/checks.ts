import { z } from "zod";
import { catastrophicReason } from "./pattern-safety.ts";

const severity = z
  .enum(["fail", "warn"])
  .default("fail")
  .describe("What a failed assertion does to the check: `fail` it, or only `warn`.");

const statusCode = z.number().int().min(100).max(599);

/** A JavaScript regular expression source; one that does not compile is named at config load, not at run time. */
const pattern = z
  .string()
  .refine(
    (source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    },
    { message: "not a valid regular expression" },
  )
  .describe(
    "A JavaScript regular expression (no flags), searched in the first 64 KiB. Shapes that can backtrack catastrophically are refused: a repeated group holding another quantifier ((a+)+, (.*a){20}), a repeated alternation whose branches overlap ((a|aa)*), back-references.",
  );

/** The response status must be one value, one of a list, or inside an inclusive range. */
export const statusAssertion = z
  .object({
    type: z.literal("status"),
    equals: statusCode.optional(),
    in: z.array(statusCode).min(1).optional(),
    range: z.tuple([statusCode, statusCode]).optional(),
    severity,
  })
  .strict()
  .refine((a) => [a.equals, a.in, a.range].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of `equals`, `in` or `range`",
  });

/** The whole response (headers and body) must arrive within a budget. */
export const responseTimeAssertion = z
  .object({
    type: z.literal("responseTime"),
    lessThanMs: z.number().int().positive().max(60_000),
    severity,
  })
  .strict();

/** A response header must exist, equal, contain or match a value (names are case-insensitive). */
export const headerAssertion = z
  .object({
    type: z.literal("header"),
    name: z.string().min(1),
    exists: z.boolean().optional(),
    equals: z.string().optional(),
    contains: z.string().optional(),
    matches: pattern.optional(),
    severity,
  })
  .strict()
  .refine((a) => [a.exists, a.equals, a.contains, a.matches].filter((v) => v !== undefined).length <= 1, {
    message: "give at most one of `exists`, `equals`, `contains` or `matches` (none means the header must be present)",
  });

/** The body text must (or must not) contain a string or match a regular expression. */
export const bodyAssertion = z
  .object({
    type: z.literal("body"),
    contains: z.string().min(1).optional(),
    notContains: z.string().min(1).optional(),
    matches: pattern.pipe(z.string().min(1)).optional(),
    severity,
  })
  .strict()
  .refine((a) => [a.contains, a.notContains, a.matches].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of `contains`, `notContains` or `matches` (use one assertion per condition)",
  });

export const jsonOperators = [
  "equals",
  "notEquals",
  "exists",
  "notExists",
  "gt",
  "gte",
  "lt",
  "lte",
  "lengthEquals",
  "lengthGte",
  "lengthLte",
  "matches",
] as const;

/**
 * A value at a JSON path in the body. Paths are dotted with optional indexes:
 * @example "checks.convex[0].status"
 */
export const jsonAssertion = z
  .object({
    type: z.literal("json"),
    path: z.string().regex(/^[A-Za-z_$][\w$-]*(\[\d+\])*(\.[A-Za-z_$][\w$:-]*(\[\d+\])*)*$/, {
      message: 'expected a dotted path such as "status" or "checks.db[0].status"',
    }),
    op: z.enum(jsonOperators),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    severity,
  })
  .strict()
  .refine((a) => a.op === "exists" || a.op === "notExists" || a.value !== undefined, {
    message: "this operator compares against `value`, which is missing",
    path: ["value"],
  })
  .refine(
    (a) =>
      !["gt", "gte", "lt", "lte", "lengthEquals", "lengthGte", "lengthLte"].includes(a.op) ||
      typeof a.value === "number",
    {
      message: "this operator needs a numeric `value`",
      path: ["value"],
    },
  )
  .refine((a) => a.op !== "matches" || pattern.safeParse(String(a.value ?? "")).success, {
    message: "not a valid regular expression",
    path: ["value"],
  });

export const assertion = z.union([
  statusAssertion,
  responseTimeAssertion,
  headerAssertion,
  bodyAssertion,
  jsonAssertion,
]);
export type Assertion = z.output<typeof assertion>;

/** One check: a request to a named target of the environment and what its answer must satisfy. */
export const checkDefinition = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: "use lowercase letters, digits and dashes (max 63)" })
      .describe("Stable id used by widgets (`<Check id>`), the API and the CLI."),
    title: z.string().min(1).describe("What the check proves, in the runbook's words."),
    description: z.string().optional(),
    kind: z
      .enum(["http", "health"])
      .default("http")
      .describe("`health` also reads an application/health+json body: its status and each sub-check."),
    target: z.string().min(1).describe("Key of `targets` in the environment (for example `app` or `convex`)."),
    path: z.string().startsWith("/", { message: "must start with /" }).default("/"),
    method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}),
    body: z.string().max(16_384).optional(),
    followRedirects: z.boolean().default(true),
    timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(8 * 1024 * 1024)
      .default(1024 * 1024),
    expectStatus: z
      .union([statusCode, z.tuple([statusCode, statusCode])])
      .default([200, 299])
      .describe("Status a healthy target answers with: one code or an inclusive range."),
    latencyBudgetMs: z.number().int().positive().max(60_000).optional(),
    assertions: z.array(assertion).default([]),
    smoke: z.boolean().default(true).describe("Part of the verify-all smoke run."),
  })
  .strict()
  .superRefine((check, ctx) => {
    // Patterns run in a backtracking engine against target bodies: refuse the shapes that make it hang.
    check.assertions.forEach((a, index) => {
      const found =
        a.type === "json"
          ? a.op === "matches" && typeof a.value === "string"
            ? { source: a.value, field: "value" }
            : undefined
          : (a.type === "header" || a.type === "body") && a.matches !== undefined
            ? { source: a.matches, field: "matches" }
            : undefined;
      const reason = found && catastrophicReason(found.source);
      if (found && reason)
        ctx.addIssue({
          code: "custom",
          path: ["assertions", index, found.field],
          message: `check "${check.id}": pattern /${found.source}/ can backtrack catastrophically: ${reason}; rewrite it without repeating a quantified or ambiguous group (for example (?:ab)+ or [ab]+), or use several assertions`,
        });
    });
  });

export type CheckDefinition = z.output<typeof checkDefinition>;
export type CheckDefinitionInput = z.input<typeof checkDefinition>;
