/**
 * @module
 * Upstream answers in the documented shapes (Cloudflare API v4 Pages, GitHub REST), trimmed to
 * realistic size but with the fields the real ones carry, including ones the runbook ignores.
 */

export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const PROJECT = "dashtray";

export const SHA = {
  good: "3908a0ed9870a7416f33f13465a17209c3b61acb",
  live: "29cb07959f28a797ccea7f1f91301aebdb910fe7",
  failed: "2f0cebaac12792355e7914251a3e462b66116677",
  newest: "0559c70afe5688dad05ab9385da715d02493f9a1",
  preview: "a3f56367098a37d839e530410e68f1278a34ef81",
} as const;

interface DeploymentOptions {
  id: string;
  environment?: "production" | "preview";
  createdOn: string;
  commit: string;
  message: string;
  branch?: string;
  status?: "success" | "failure" | "active" | "canceled";
  stage?: string;
}

/** One Deployment object as `GET .../pages/projects/{project}/deployments` documents it. */
export function cloudflareDeployment(o: DeploymentOptions) {
  const stage = (name: string, status: string) => ({ name, started_on: o.createdOn, ended_on: o.createdOn, status });
  return {
    id: o.id,
    short_id: o.id.slice(0, 8),
    project_id: "7b162ea7-7367-4d67-bcde-1160995d5",
    project_name: PROJECT,
    environment: o.environment ?? "production",
    url: `https://${o.id.slice(0, 8)}.${PROJECT}.pages.dev`,
    created_on: o.createdOn,
    modified_on: o.createdOn,
    aliases: o.environment === "preview" ? [`https://feature.${PROJECT}.pages.dev`] : null,
    latest_stage: stage(o.stage ?? "deploy", o.status ?? "success"),
    env_vars: { BUILD_VERSION: { type: "plain_text", value: "3.3" } },
    compatibility_date: "2025-01-01",
    compatibility_flags: ["nodejs_compat"],
    build_config: {
      build_caching: true,
      build_command: "npm run build",
      destination_dir: "build",
      root_dir: "/",
      web_analytics_tag: null,
    },
    source: null,
    stages: [
      stage("queued", "success"),
      stage("initialize", "success"),
      stage(o.stage ?? "deploy", o.status ?? "success"),
    ],
    deployment_trigger: {
      type: "ad_hoc",
      metadata: { branch: o.branch ?? "main", commit_hash: o.commit, commit_message: o.message, commit_dirty: false },
    },
    is_skipped_build: false,
    production_branch: "main",
    uses_functions: true,
  };
}

/** Newest first, as the API lists them: newest success, a failed one, live, good, a preview, an older one. */
export const DEPLOYMENTS = [
  cloudflareDeployment({
    id: "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f",
    createdOn: "2026-11-26T09:01:12Z",
    commit: SHA.newest,
    message: "Fix plan price rounding on invoices",
  }),
  cloudflareDeployment({
    id: "7f2f50b6-fa21-4ffb-9114-f942d89f03f0",
    createdOn: "2026-11-25T09:37:05Z",
    commit: SHA.failed,
    message: "Upgrade Convex client",
    status: "failure",
    stage: "build",
  }),
  cloudflareDeployment({
    id: "48db7b21-29d2-440b-a4a2-1e63cc69fd99",
    environment: "preview",
    createdOn: "2026-11-25T16:16:40Z",
    commit: SHA.preview,
    message: "Add usage alert emails",
    branch: "feature/usage-alerts",
  }),
  cloudflareDeployment({
    id: "54035b60-8935-4af3-8315-b5c5f41b494d",
    createdOn: "2026-11-24T10:54:31Z",
    commit: SHA.live,
    message: "Show renewal date on billing page",
  }),
  cloudflareDeployment({
    id: "ca94f0eb-4a61-460c-9ce8-384eb946d55d",
    createdOn: "2026-11-23T15:08:19Z",
    commit: SHA.good,
    message: "Retry DodoPayments webhook processing\n\nLonger body.",
  }),
];

export function envelope(result: unknown, resultInfo?: Record<string, number>) {
  return { success: true, errors: [], messages: [], result, ...(resultInfo && { result_info: resultInfo }) };
}

export function cloudflareError(code: number, message: string) {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

/** `GET .../pages/projects/{project}`, with the given canonical deployment. */
export function projectAnswer(canonical: unknown = DEPLOYMENTS[0], latest: unknown = DEPLOYMENTS[0]) {
  return envelope({
    id: "7b162ea7-7367-4d67-bcde-1160995d5",
    name: PROJECT,
    subdomain: `${PROJECT}.pages.dev`,
    domains: [`${PROJECT}.pages.dev`, "dashtray.example.com"],
    source: { type: "github", config: { owner: "dashtray", repo_name: "dashtray", production_branch: "main" } },
    build_config: { build_command: "npm run build", destination_dir: "build" },
    deployment_configs: { preview: {}, production: {} },
    latest_deployment: latest,
    canonical_deployment: canonical,
    production_branch: "main",
    created_on: "2026-11-10T09:20:00Z",
  });
}

export function deploymentsAnswer(list: unknown[] = DEPLOYMENTS.filter((d) => d.environment === "production")) {
  return envelope(list, { page: 1, per_page: 25, count: list.length, total_count: list.length, total_pages: 1 });
}

/** `GET /repos/{o}/{r}/actions/workflows/{id}/runs`, as documented. */
export function workflowRunsAnswer(run: { status?: string; conclusion?: string | null; sha?: string } = {}) {
  return {
    total_count: 1,
    workflow_runs: [
      {
        id: 30433642,
        name: "Deploy",
        node_id: "MDEyOldvcmtmbG93IFJ1bjI2OTI4OQ==",
        head_branch: "main",
        head_sha: run.sha ?? SHA.newest,
        path: ".github/workflows/deploy.yml",
        display_title: "Fix plan price rounding on invoices",
        run_number: 562,
        event: "push",
        status: run.status ?? "completed",
        conclusion: run.conclusion === undefined ? "success" : run.conclusion,
        workflow_id: 159038,
        check_suite_id: 414944374,
        url: "https://api.github.com/repos/dashtray/dashtray/actions/runs/30433642",
        html_url: "https://github.com/dashtray/dashtray/actions/runs/30433642",
        pull_requests: [],
        created_at: "2026-11-26T08:55:30Z",
        updated_at: "2026-11-26T09:01:42Z",
        run_attempt: 1,
        run_started_at: "2026-11-26T08:55:30Z",
        actor: { login: "octocat", id: 1 },
        head_commit: { id: run.sha ?? SHA.newest, message: "Fix plan price rounding on invoices" },
        repository: { id: 1296269, full_name: "dashtray/dashtray" },
      },
    ],
  };
}

/** `GET /repos/{o}/{r}/compare/{base}...{head}`, as documented; `merge` makes the head a merge commit. */
export function compareAnswer(
  options: { merge?: boolean; status?: string; ahead?: number; behind?: number; listed?: number } = {},
) {
  const ahead = options.ahead ?? 2;
  const commits = Array.from({ length: options.listed ?? ahead }, (_, i) => ({
    sha: `${String(i).padStart(2, "0")}${"ab".repeat(19)}`,
    node_id: "MDY6Q29tbWl0",
    commit: { message: `Commit ${i}`, author: { name: "Ada", email: "ada@example.com", date: "2026-11-25T09:31:00Z" } },
    html_url: `https://github.com/dashtray/dashtray/commit/${i}`,
    parents: options.merge && i === ahead - 1 ? [{ sha: SHA.live }, { sha: SHA.preview }] : [{ sha: SHA.live }],
  }));
  return {
    url: "https://api.github.com/repos/dashtray/dashtray/compare/a...b",
    html_url: "https://github.com/dashtray/dashtray/compare/a...b",
    status: options.status ?? "ahead",
    ahead_by: ahead,
    behind_by: options.behind ?? 0,
    total_commits: ahead,
    base_commit: { sha: SHA.live },
    merge_base_commit: { sha: SHA.live },
    commits,
    files: [
      {
        sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
        filename: "file1.txt",
        status: "modified",
        additions: 10,
        deletions: 2,
        patch: "@@ -1 +1 @@",
      },
    ],
  };
}

export const APP_VERSION = {
  version: "2026.11.24-1",
  commit: SHA.live,
  builtAt: "2026-11-24T10:54:31Z",
  environment: "production",
};
export const CONVEX_VERSION = {
  commit: SHA.newest,
  builtAt: "2026-11-26T09:01:12Z",
  deployment: "production-dashtray-789",
};
