/**
 * @module
 * The Cloudflare API answers the runbook reads, as its published description documents them
 * (cloudflare/api-schemas): the `{ success, errors, messages, result }` envelope, `result_info` on
 * lists, and only the fields read here. Real answers carry `null` in many fields the description
 * calls strings, so every field that is not essential is nullable; unknown fields pass.
 */
import { z } from "zod";
import { excerpt } from "./excerpt.ts";

/** A string the API may send as null or leave out; read as undefined. */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** Upstream prose shown to readers goes through the one excerpt function. */
const prose = text.transform((v) => (v === undefined ? undefined : excerpt(v)));

export const cloudflareMessage = z.looseObject({ code: z.number(), message: z.string() });

/** The error envelope: `success: false` with `errors[].code`. */
export const cloudflareErrorEnvelope = z.looseObject({
  success: z.literal(false),
  errors: z.array(cloudflareMessage),
  messages: z.array(z.unknown()).nullish(),
  result: z.unknown().optional(),
});

export function envelope<T extends z.ZodType>(result: T) {
  return z.looseObject({
    success: z.literal(true),
    errors: z.array(cloudflareMessage),
    messages: z.array(z.unknown()),
    result,
  });
}

/** `result_info` of a list; every field optional, so paging falls back to counting what arrived. */
export const resultInfo = z.looseObject({
  page: z.number().nullish(),
  per_page: z.number().nullish(),
  count: z.number().nullish(),
  total_count: z.number().nullish(),
  total_pages: z.number().nullish(),
});

/** A list envelope whose items are parsed one by one (see `parseItems`). */
export function listEnvelope() {
  return envelope(z.array(z.unknown())).extend({ result_info: resultInfo.nullish() });
}

/** A deployment; ids go into commands and links, so they must be plain. */
export const cloudflareDeployment = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: "expected a deployment id" }),
  short_id: text,
  environment: z.string(),
  url: text,
  created_on: z.string(),
  latest_stage: z.looseObject({ name: text, status: text }).nullish(),
  deployment_trigger: z
    .looseObject({
      type: text,
      metadata: z.looseObject({ branch: text, commit_hash: text, commit_message: text }).nullish(),
    })
    .nullish(),
});
export type CloudflareDeployment = z.output<typeof cloudflareDeployment>;

export const cloudflareProject = z.looseObject({
  name: z.string(),
  production_branch: z.string(),
  domains: z.array(z.string()).nullish(),
  canonical_deployment: cloudflareDeployment.nullish(),
  latest_deployment: cloudflareDeployment.nullish(),
});

export const projectResponse = envelope(cloudflareProject);

/** `{ NAME: { type, value } }` → the names. `z.object` strips `value` before the keys are even taken. */
const pagesEnvVars = z
  .record(z.string(), z.object({ type: z.string().nullish() }).nullable())
  .transform((vars) => Object.keys(vars).filter((name) => vars[name] !== null));

/** `GET .../pages/projects/{project}`, reduced to the production variable names (values never kept). */
export const projectVariablesResponse = z.object({
  success: z.literal(true),
  result: z.object({
    deployment_configs: z.object({ production: z.object({ env_vars: pagesEnvVars.nullish() }).nullish() }).nullish(),
  }),
});

/** A custom domain of the project (`GET .../domains`). */
export const cloudflareDomain = z.looseObject({
  name: z.string(),
  status: z.string(),
  validation_data: z
    .looseObject({ status: text, method: text, error_message: prose, txt_name: text, txt_value: text })
    .nullish(),
  verification_data: z.looseObject({ status: text, error_message: prose }).nullish(),
});
export type CloudflareDomain = z.output<typeof cloudflareDomain>;
