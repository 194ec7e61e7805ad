import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { toRecord } from "../../src/server/clients/cloudflare.ts";
import {
  cloudflareDeployment,
  cloudflareDomain,
  cloudflareErrorEnvelope,
  listEnvelope,
  projectResponse,
  projectVariablesResponse,
} from "../../src/server/clients/cloudflare-schemas.ts";
import { convexError, convexVariablesResponse } from "../../src/server/clients/convex.ts";
import { dohAnswer } from "../../src/server/clients/doh.ts";
import {
  compareResponse,
  contentsResponse,
  githubError,
  secretsResponse,
  variablesResponse,
  workflowRun,
  workflowRunsResponse,
} from "../../src/server/clients/github-schemas.ts";

// Every answer schema of ours against the providers' published examples (provenance in
// fixtures/README.md), and the variants real answers bring: each nullable or optional field null
// and missing, unknown extra fields at every level, empty lists.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fixture(path: string): Json {
  return JSON.parse(readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8")) as Json;
}

const deployment = fixture("cloudflare/deployment.json");
const project = fixture("cloudflare/project.json");
const domain = fixture("cloudflare/domain.json");
const resultInfo = fixture("cloudflare/result-info.json");
// Cloudflare publishes no whole example answer for Pages; these two hold only its fields' own `example` values.
const deploymentExamples = fixture("cloudflare/deployment-field-examples.json");
const projectExamples = fixture("cloudflare/project-field-examples.json");
const runs = fixture("github/workflow-run-paginated.json");
const run = (runs as { workflow_runs: Json[] }).workflow_runs[0] as Json;
const ok = (result: Json, extra: Record<string, Json> = {}): Json => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...extra,
});

interface Case {
  operation: string;
  schema: z.ZodType;
  answer: Json;
  /** Fields the description makes nullable or optional (or that real answers send as null). */
  optional?: string[];
  /** Lists that may come back empty. */
  lists?: string[];
}

const DEPLOYMENT_OPTIONAL = [
  "short_id",
  "url",
  "modified_on",
  "aliases",
  "latest_stage",
  "latest_stage.name",
  "latest_stage.started_on",
  "latest_stage.ended_on",
  "stages",
  "deployment_trigger",
  "deployment_trigger.type",
  "deployment_trigger.metadata",
  "deployment_trigger.metadata.branch",
  "deployment_trigger.metadata.commit_hash",
  "deployment_trigger.metadata.commit_message",
  "build_config",
  "env_vars",
  "source",
  "production_branch",
];

const CASES: Case[] = [
  {
    operation: "Cloudflare GET /accounts/{a}/pages/projects/{p}",
    schema: projectResponse,
    answer: ok({ ...(project as object), canonical_deployment: deployment, latest_deployment: deployment }),
    optional: [
      "result.domains",
      "result.canonical_deployment",
      "result.latest_deployment",
      "result.source",
      "result.build_config",
      "result.deployment_configs",
      ...DEPLOYMENT_OPTIONAL.map((f) => `result.canonical_deployment.${f}`),
    ],
    lists: ["result.domains", "errors", "messages"],
  },
  {
    operation: "Cloudflare GET .../pages/projects/{p}, read for variable names",
    schema: projectVariablesResponse,
    answer: ok(project),
    optional: [
      "result.deployment_configs",
      "result.deployment_configs.production",
      "result.deployment_configs.production.env_vars",
    ],
  },
  {
    operation: "Cloudflare GET .../deployments (the envelope and result_info)",
    schema: listEnvelope(),
    answer: ok([deployment], { result_info: resultInfo }),
    optional: [
      "result_info",
      "result_info.page",
      "result_info.per_page",
      "result_info.count",
      "result_info.total_count",
      "result_info.total_pages",
    ],
    lists: ["result"],
  },
  {
    operation: "Cloudflare GET .../deployments (one deployment)",
    schema: cloudflareDeployment,
    answer: deployment,
    optional: DEPLOYMENT_OPTIONAL,
    lists: ["aliases", "stages"],
  },
  {
    operation: "Cloudflare GET .../domains (one domain)",
    schema: cloudflareDomain,
    answer: domain,
    optional: [
      "validation_data",
      "validation_data.status",
      "validation_data.method",
      "validation_data.error_message",
      "validation_data.txt_name",
      "validation_data.txt_value",
      "verification_data",
      "verification_data.status",
      "verification_data.error_message",
      "certificate_authority",
      "zone_tag",
      "domain_id",
    ],
  },
  {
    operation: "Cloudflare GET .../deployments, from the description's field examples",
    schema: listEnvelope(),
    answer: ok([deploymentExamples], { result_info: { count: 1, page: 1, per_page: 100, total_count: 1 } }),
    lists: ["result"],
  },
  {
    operation: "Cloudflare deployment, from the description's field examples",
    schema: cloudflareDeployment,
    answer: deploymentExamples,
    // The description gives no example for build_config, source or production_branch of a deployment.
    optional: DEPLOYMENT_OPTIONAL.filter((f) => !["build_config", "source", "production_branch"].includes(f)),
    lists: ["aliases", "stages"],
  },
  {
    operation: "Cloudflare GET .../pages/projects/{p}, from the description's field examples",
    schema: projectResponse,
    answer: ok(projectExamples),
    optional: [
      "result.domains",
      "result.canonical_deployment",
      "result.latest_deployment",
      "result.build_config",
      "result.deployment_configs",
    ],
    lists: ["result.domains"],
  },
  {
    operation: "GitHub GET /repos/{o}/{r}/actions/workflows/{id}/runs",
    schema: workflowRunsResponse,
    answer: runs,
    lists: ["workflow_runs"],
  },
  {
    operation: "GitHub workflow-run (one run)",
    schema: workflowRun,
    answer: run,
    optional: [
      "name",
      "head_branch",
      "status",
      "conclusion",
      "display_title",
      "actor",
      "triggering_actor",
      "head_commit",
      "pull_requests",
      "run_attempt",
      "run_started_at",
    ],
    lists: ["pull_requests"],
  },
  {
    operation: "GitHub GET /repos/{o}/{r}/compare/{base}...{head}",
    schema: compareResponse,
    answer: fixture("github/commit-comparison.json"),
    optional: ["files", "commits.0.author", "commits.0.committer"],
    lists: ["commits", "files", "commits.0.parents"],
  },
  {
    operation: "GitHub GET /repos/{o}/{r}/contents/{path}",
    schema: contentsResponse,
    answer: fixture("github/content-file.json"),
    optional: ["_links", "download_url", "git_url", "html_url"],
  },
  {
    operation: "GitHub GET /repos/{o}/{r}/actions/secrets",
    schema: secretsResponse,
    answer: fixture("github/actions-secret-paginated.json"),
    lists: ["secrets"],
  },
  {
    operation: "GitHub GET /repos/{o}/{r}/actions/variables",
    schema: variablesResponse,
    answer: fixture("github/actions-variables-paginated.json"),
    lists: ["variables"],
  },
  {
    operation: "GitHub basic-error",
    schema: githubError,
    answer: fixture("github/basic-error.json"),
    optional: ["documentation_url", "url", "status"],
  },
  {
    operation: "GitHub validation-error",
    schema: githubError,
    answer: fixture("github/validation-error.json"),
    optional: [
      "documentation_url",
      "errors",
      "errors.0.resource",
      "errors.0.field",
      "errors.0.index",
      "errors.0.value",
      "errors.1.message",
    ],
    lists: ["errors"],
  },
  {
    operation: "GitHub validation-error-simple",
    schema: githubError,
    answer: fixture("github/validation-error-simple.json"),
    optional: ["documentation_url", "errors"],
    lists: ["errors"],
  },
  {
    operation: "Cloudflare api-response-common-failure",
    schema: cloudflareErrorEnvelope,
    answer: fixture("cloudflare/envelope-failure.json"),
    optional: ["messages", "result"],
  },
  {
    operation: "Cloudflare api-response-common-failure, messages with documentation_url and source",
    schema: cloudflareErrorEnvelope,
    answer: fixture("cloudflare/envelope-failure-detailed.json"),
    optional: ["messages", "result", "errors.0.documentation_url", "errors.0.source", "errors.0.source.pointer"],
  },
  {
    operation: "Convex GET /api/v1/list_environment_variables",
    schema: convexVariablesResponse,
    answer: fixture("convex/list-environment-variables.json"),
  },
  { operation: "Convex error body", schema: convexError, answer: fixture("convex/error.json") },
  {
    operation: "DNS over HTTPS JSON answer",
    schema: dohAnswer,
    answer: fixture("doh/aaaa-answer.json"),
    optional: ["Answer", "Answer.0.TTL", "TC", "RD", "RA", "AD", "CD", "Question"],
    lists: ["Answer", "Question"],
  },
];

/** A deep copy with `path` (dot-separated, numbers index arrays) set to `value`, or removed for undefined. */
function edit(answer: Json, path: string, value: Json | undefined): Json {
  const copy = structuredClone(answer);
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node: Json = copy;
  for (const key of keys) {
    node = (node as Record<string, Json>)[key] as Json;
    if (node === null || typeof node !== "object") throw new Error(`[contract] no ${path} in the fixture`);
  }
  const parent = node as Record<string, Json>;
  if (!(last in parent)) throw new Error(`[contract] no ${path} in the fixture`);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Adds an unknown field to every object in the answer. */
function withExtras(answer: Json): Json {
  if (Array.isArray(answer)) return answer.map(withExtras);
  if (answer === null || typeof answer !== "object") return answer;
  const out: Record<string, Json> = { x_runbook_unknown: { nested: [1, null] } };
  for (const [key, value] of Object.entries(answer)) out[key] = withExtras(value);
  return out;
}

function accepts(schema: z.ZodType, answer: Json): string {
  const parsed = schema.safeParse(answer);
  return parsed.success
    ? "accepted"
    : `refused: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
}

describe.each(CASES.map((c) => [c.operation, c] as const))("%s", (_operation, c) => {
  it("accepts the official example", () => {
    expect(accepts(c.schema, c.answer)).toBe("accepted");
  });
  it("accepts unknown extra fields at every level", () => {
    expect(accepts(c.schema, withExtras(c.answer))).toBe("accepted");
  });
  it.each((c.optional ?? []).map((f) => [f]))("accepts %s as null and missing", (field) => {
    expect(accepts(c.schema, edit(c.answer, field, null))).toBe("accepted");
    expect(accepts(c.schema, edit(c.answer, field, undefined))).toBe("accepted");
  });
  it.each((c.lists ?? []).map((f) => [f]))("accepts %s empty", (field) => {
    expect(accepts(c.schema, edit(c.answer, field, []))).toBe("accepted");
  });
});

describe("what the runbook takes from the official examples", () => {
  it("a deployment: id, short id, commit and message, stage; a deployment with nulls is not a rollback target", () => {
    expect(toRecord(cloudflareDeployment.parse(deployment))).toEqual({
      id: "f64788e9-fccd-4d4a-a28a-cb84f88f6",
      shortId: "f64788e9",
      environment: "preview",
      url: "https://f64788e9.ninjakittens.pages.dev",
      createdOn: "2021-03-09T00:55:03.923456Z",
      branch: "main",
      commit: "ad9ccd918a81025731e10e40267e11273a263421",
      commitMessage: "Update index.html",
      stage: { name: "deploy", status: "success" },
    });
    const bare = toRecord(
      cloudflareDeployment.parse(edit(edit(deployment, "latest_stage", null), "deployment_trigger", null)),
    );
    expect(bare.stage).toEqual({ name: "unknown", status: "unknown" });
    expect(bare.commit).toBeUndefined();
  });

  it("the deployment assembled from the description's field examples reads the same as ours", () => {
    const record = toRecord(cloudflareDeployment.parse(deploymentExamples));
    expect(record).toEqual(toRecord(cloudflareDeployment.parse(deployment)));
  });

  it("the project assembled from the field examples: its production variable names, never a value", () => {
    const parsed = projectVariablesResponse.parse(ok(projectExamples));
    expect(parsed.result.deployment_configs?.production?.env_vars).toEqual(["ENVIRONMENT_VARIABLE"]);
    expect(JSON.stringify(parsed)).not.toContain("hello world");
  });

  it("a workflow run from GitHub's published list: number, status, a conclusion still null, commit, branch", () => {
    const parsed = workflowRun.parse(run);
    expect({
      id: parsed.id,
      run_number: parsed.run_number,
      status: parsed.status,
      conclusion: parsed.conclusion,
      head_sha: parsed.head_sha,
      head_branch: parsed.head_branch,
      created_at: parsed.created_at,
    }).toEqual({
      id: 30433642,
      run_number: 562,
      status: "queued",
      conclusion: null,
      head_sha: "acb5820ced9479c074f688cc328bf03f341a511d",
      head_branch: "master",
      created_at: "2020-01-22T19:33:08Z",
    });
  });

  it("the project's production variable names, never a value", () => {
    const parsed = projectVariablesResponse.parse(ok(project));
    expect(parsed.result.deployment_configs?.production?.env_vars).toEqual(["BUILD_VERSION", "ENV_SECRET"]);
    expect(JSON.stringify(parsed)).not.toContain("3.3");
  });

  it("Convex variable names, never a value", () => {
    const parsed = convexVariablesResponse.parse(fixture("convex/list-environment-variables.json"));
    expect(parsed.environmentVariables).toEqual(["CLERK_ISSUER_URL", "RESEND_API_KEY"]);
    expect(JSON.stringify(parsed)).not.toContain("re_123");
  });

  it("the documented failure envelope carries its errors[].code", () => {
    expect(cloudflareErrorEnvelope.parse(fixture("cloudflare/envelope-failure.json")).errors[0]?.code).toBe(7003);
  });
});
