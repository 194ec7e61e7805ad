/**
 * @module
 * The GitHub REST answers the runbook reads, as github/rest-api-description documents them, reduced
 * to the fields read here. Unknown fields pass; nullable fields stay nullable.
 */
import { z } from "zod";

/** A workflow run (`#/components/schemas/workflow-run`), the fields read. */
export const workflowRun = z.looseObject({
  id: z.number(),
  run_number: z.number(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string(),
  head_sha: z.string(),
  head_branch: z.string().nullish(),
  created_at: z.string(),
});

/** `GET /repos/{o}/{r}/actions/workflows/{id}/runs`; runs are parsed one by one. */
export const workflowRunsResponse = z.looseObject({
  total_count: z.number(),
  workflow_runs: z.array(z.unknown()),
});

/** `GET /repos/{o}/{r}/compare/{base}...{head}`. */
export const compareResponse = z.looseObject({
  status: z.enum(["ahead", "behind", "diverged", "identical"]),
  ahead_by: z.number(),
  behind_by: z.number(),
  total_commits: z.number(),
  commits: z.array(z.looseObject({ sha: z.string(), parents: z.array(z.looseObject({ sha: z.string() })) })),
});

/** `GET /repos/{o}/{r}/contents/{path}?ref=`: a file's answer (a directory answers an array and fails here). */
export const contentsResponse = z.looseObject({
  type: z.literal("file"),
  encoding: z.literal("base64"),
  content: z.string(),
});

/** `GET /repos/{o}/{r}/actions/secrets` (GitHub sends names and dates only). */
export const secretsResponse = z.object({
  total_count: z.number(),
  secrets: z.array(z.object({ name: z.string() })),
});

/** `GET /repos/{o}/{r}/actions/variables`: GitHub sends values too; `z.object` drops them. */
export const variablesResponse = z.object({
  total_count: z.number(),
  variables: z.array(z.object({ name: z.string() })),
});

/** A validation error's item (`#/components/schemas/validation-error`): an object, or a bare string. */
const validationItem = z.union([
  z.string(),
  z.looseObject({
    resource: z.string().nullish(),
    field: z.string().nullish(),
    code: z.string().nullish(),
    message: z.string().nullish(),
  }),
]);

/**
 * GitHub's error body: `basic-error` (`message`, `documentation_url`, `url`, `status`) and
 * `validation-error` (the same with `errors[]`).
 */
export const githubError = z.looseObject({
  message: z.string(),
  documentation_url: z.string().nullish(),
  errors: z.array(validationItem).nullish(),
});

/** `POST .../dispatches` with `return_run_details: true` answers 200 with the run it created. */
export const dispatchRunDetails = z.looseObject({
  workflow_run_id: z.number(),
  run_url: z.string().nullish(),
  html_url: z.string().nullish(),
});
