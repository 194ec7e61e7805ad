/**
 * @module
 * The demo Dashtray's fixed release history: commits on GitHub, the workflow runs that deployed
 * them, and the Cloudflare Pages deployments they produced. Every stand-in reads from here, so a
 * SHA seen in one API can be looked up in another. Dates are written as recorded and reported moved
 * forward by whole days (`demoTime`), so the newest deployment is recent whenever the demo runs.
 */
import { demoTime } from "./clock.ts";

export const DEMO_REPO = { owner: "dashtray", name: "dashtray" } as const;
export const DEMO_PRODUCTION_BRANCH = "main";
/** The Convex deployment name (runbook.config.json's `environments.demo.convex.deployment`). */
export const DEMO_CONVEX_DEPLOYMENT = "demo-dashtray-123";

/** The history's commits by role, so tests and docs can name them. */
export const DEMO_SHAS = {
  initial: "886984dcda977b00b1e324600bae38d112894222",
  workspaces: "bdf7dc21f3d29326d24c1f94643e77ce6036e181",
  checkout: "b629ba5d3cb35d3a1e03c6ccbb8682376b3d6d78",
  proPlan: "d5b69059df57abd88343d71d07f8f9e538c237f0",
  webhookRetry: "3908a0ed9870a7416f33f13465a17209c3b61acb",
  /** What production serves in the `rolled-back` scenario. */
  renewalDate: "29cb07959f28a797ccea7f1f91301aebdb910fe7",
  darkMode: "d280884dd06d42df5942fe48c9a9ac9b33d55f50",
  /** Its workflow run and Pages deployment failed. */
  convexUpgrade: "2f0cebaac12792355e7914251a3e462b66116677",
  usageAlerts: "a3f56367098a37d839e530410e68f1278a34ef81",
  /** main's head; what production serves normally. */
  priceRounding: "0559c70afe5688dad05ab9385da715d02493f9a1",
} as const;

export interface DemoCommit {
  sha: string;
  /** The parent commit; null for the first one. Feature branches fork from main. */
  parent: string | null;
  branch: string;
  date: string;
  author: string;
  message: string;
}

const S = DEMO_SHAS;

/** Commits oldest first: main is linear; feature/dark-mode forks after webhookRetry, feature/usage-alerts after convexUpgrade. */
export const DEMO_COMMITS: readonly DemoCommit[] = [
  {
    sha: S.initial,
    parent: null,
    branch: "main",
    date: demoTime("2026-11-10T09:00:00Z"),
    author: "Ada Lovelace",
    message: "Initial Dashtray app",
  },
  {
    sha: S.workspaces,
    parent: S.initial,
    branch: "main",
    date: demoTime("2026-11-13T10:15:00Z"),
    author: "Grace Hopper",
    message: "Add Convex schema for workspaces",
  },
  {
    sha: S.checkout,
    parent: S.workspaces,
    branch: "main",
    date: demoTime("2026-11-17T14:40:00Z"),
    author: "Ada Lovelace",
    message: "Add DodoPayments checkout",
  },
  {
    sha: S.proPlan,
    parent: S.checkout,
    branch: "main",
    date: demoTime("2026-11-20T11:05:00Z"),
    author: "Alan Turing",
    message: "Add Pro plan",
  },
  {
    sha: S.webhookRetry,
    parent: S.proPlan,
    branch: "main",
    date: demoTime("2026-11-23T15:02:00Z"),
    author: "Grace Hopper",
    message: "Retry DodoPayments webhook processing",
  },
  {
    sha: S.renewalDate,
    parent: S.webhookRetry,
    branch: "main",
    date: demoTime("2026-11-24T10:48:00Z"),
    author: "Alan Turing",
    message: "Show renewal date on billing page",
  },
  {
    sha: S.darkMode,
    parent: S.webhookRetry,
    branch: "feature/dark-mode",
    date: demoTime("2026-11-24T13:20:00Z"),
    author: "Katherine Johnson",
    message: "Add dark mode",
  },
  {
    sha: S.convexUpgrade,
    parent: S.renewalDate,
    branch: "main",
    date: demoTime("2026-11-25T09:31:00Z"),
    author: "Ada Lovelace",
    message: "Upgrade Convex client",
  },
  {
    sha: S.usageAlerts,
    parent: S.convexUpgrade,
    branch: "feature/usage-alerts",
    date: demoTime("2026-11-25T16:10:00Z"),
    author: "Katherine Johnson",
    message: "Add usage alert emails",
  },
  {
    sha: S.priceRounding,
    parent: S.convexUpgrade,
    branch: "main",
    date: demoTime("2026-11-26T08:55:00Z"),
    author: "Grace Hopper",
    message: "Fix plan price rounding on invoices",
  },
];

/** Branch name -> head commit. */
export const DEMO_BRANCHES: Readonly<Record<string, string>> = {
  main: S.priceRounding,
  "feature/dark-mode": S.darkMode,
  "feature/usage-alerts": S.usageAlerts,
};

export type DeploymentStatus = "success" | "failure";

export interface DemoDeployment {
  id: string;
  environment: "production" | "preview";
  branch: string;
  commitSha: string;
  createdOn: string;
  /** The stage the deployment stopped at, and how it ended. */
  stage: { name: "deploy"; status: DeploymentStatus };
  /** The build's version label, as `/version.json` reports it. */
  version: string;
}

/** Pages deployments, newest first: 5 production (one failed), 2 previews. */
export const DEMO_DEPLOYMENTS: readonly DemoDeployment[] = [
  deployment(
    "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f",
    "production",
    S.priceRounding,
    "2026-11-26T09:01:12Z",
    "success",
    "2026.11.26-1",
  ),
  deployment(
    "48db7b21-29d2-440b-a4a2-1e63cc69fd99",
    "preview",
    S.usageAlerts,
    "2026-11-25T16:16:40Z",
    "success",
    "2026.11.25-pr.42",
  ),
  deployment(
    "7f2f50b6-fa21-4ffb-9114-f942d89f03f0",
    "production",
    S.convexUpgrade,
    "2026-11-25T09:37:05Z",
    "failure",
    "2026.11.25-1",
  ),
  deployment(
    "d5b7af12-c55e-4eb0-99da-918a4fa64bc4",
    "preview",
    S.darkMode,
    "2026-11-24T13:26:48Z",
    "success",
    "2026.11.24-pr.41",
  ),
  deployment(
    "54035b60-8935-4af3-8315-b5c5f41b494d",
    "production",
    S.renewalDate,
    "2026-11-24T10:54:31Z",
    "success",
    "2026.11.24-1",
  ),
  deployment(
    "ca94f0eb-4a61-460c-9ce8-384eb946d55d",
    "production",
    S.webhookRetry,
    "2026-11-23T15:08:19Z",
    "success",
    "2026.11.23-1",
  ),
  deployment(
    "daedb7b5-c3a8-4719-b103-593c352455cb",
    "production",
    S.proPlan,
    "2026-11-20T11:11:02Z",
    "success",
    "2026.11.20-1",
  ),
];

export interface DemoWorkflowRun {
  id: number;
  runNumber: number;
  headSha: string;
  headBranch: string;
  event: "push" | "pull_request";
  /** Seeded runs succeed or fail; the demo's build scenarios show the others. */
  conclusion: "success" | "failure" | "action_required" | "stale";
  createdAt: string;
  updatedAt: string;
}

const FIRST_RUN_ID = 19_875_000_101;
const FIRST_RUN_NUMBER = 31;

/**
 * One `deploy.yml` run per commit after the first, oldest first. A run failed exactly when its
 * Pages deployment failed; main's runs are pushes, feature branches' runs are pull requests.
 */
export const DEMO_WORKFLOW_RUNS: readonly DemoWorkflowRun[] = DEMO_COMMITS.slice(1).map((c, index) => {
  const failed = DEMO_DEPLOYMENTS.some((d) => d.commitSha === c.sha && d.stage.status === "failure");
  return {
    id: FIRST_RUN_ID + index,
    runNumber: FIRST_RUN_NUMBER + index,
    headSha: c.sha,
    headBranch: c.branch,
    event: c.branch === DEMO_PRODUCTION_BRANCH ? "push" : "pull_request",
    conclusion: failed ? "failure" : "success",
    createdAt: shiftIso(c.date, 30),
    updatedAt: shiftIso(c.date, 6 * 60 + 12),
  };
});

/** Looks up a commit by full SHA. */
export function findCommit(sha: string): DemoCommit | undefined {
  return DEMO_COMMITS.find((c) => c.sha === sha);
}

/** Resolves a branch name, a full SHA or a unique SHA prefix of at least 7 characters. */
export function resolveRef(ref: string): DemoCommit | undefined {
  const branchHead = Object.hasOwn(DEMO_BRANCHES, ref) ? DEMO_BRANCHES[ref] : undefined;
  if (branchHead) return findCommit(branchHead);
  const lower = ref.toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(lower)) return undefined;
  const matches = DEMO_COMMITS.filter((c) => c.sha.startsWith(lower));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The commit and all its ancestors, newest first. */
export function lineage(sha: string): DemoCommit[] {
  const out: DemoCommit[] = [];
  for (let current = findCommit(sha); current; current = current.parent ? findCommit(current.parent) : undefined)
    out.push(current);
  return out;
}

function deployment(
  id: string,
  environment: DemoDeployment["environment"],
  commitSha: string,
  createdOn: string,
  status: DeploymentStatus,
  version: string,
): DemoDeployment {
  const found = findCommit(commitSha);
  // A typo in the tables above fails at import rather than in some test far away.
  if (!found) throw new Error(`[demo history] deployment ${id} refers to unknown commit ${commitSha}`);
  const branch = found.branch;
  return {
    id,
    environment,
    branch,
    commitSha,
    createdOn: demoTime(createdOn),
    stage: { name: "deploy", status },
    version,
  };
}

/** An ISO time moved by some seconds, without milliseconds when they are zero. */
export function shiftIso(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(".000Z", "Z");
}
