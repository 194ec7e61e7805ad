import { describe, expect, it } from "vitest";
import { emptyChecklist, setTick, withUniqueKeys } from "../../src/components/checklist/checklist.ts";
import {
  checklistForRecord,
  checksForDeployment,
  type DeploymentRecord,
  emptyVersion,
  smokeRunForDeployment,
} from "../../src/components/deployment-record/deployment-record.ts";
import { RECORD_FORMAT, recordFileName, recordJson } from "../../src/components/deployment-record/record-json.ts";
import type { CheckResultDetail, SmokeRunSeen } from "../../src/components/shared/check-results.ts";
import { mergeResult } from "../../src/components/shared/check-results.ts";
import { verifyMarkdown } from "../../src/components/verify-all/markdown.ts";
import type { RollbackReport, VersionReport } from "../../src/core/deploy/schemas.ts";
import { versionFromReports } from "../../src/core/record/live.ts";
import { recordMarkdown, utcMinute } from "../../src/core/record/markdown.ts";
import { deploymentRecordInput } from "../../src/core/record/schema.ts";

const LIVE = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const GOOD = "0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6";

function result(
  checkId: string,
  status: CheckResultDetail["status"],
  checkedAt: string,
  extra: Partial<CheckResultDetail> = {},
): CheckResultDetail {
  return {
    checkId,
    environment: "production",
    status,
    title: `Title of ${checkId}`,
    summary: `${checkId} said ${status}`,
    checkedAt,
    source: "check",
    ...extra,
  };
}

const smoke: SmokeRunSeen = {
  environment: "production",
  status: "pass",
  summary: "All 4 smoke checks pass.",
  checkedAt: "2026-11-26T14:12:00.000Z",
  criteria: [
    { label: "All smoke tests pass", status: "pass", expected: "4 of 4", actual: "4 of 4" },
    { label: "Error rate < 1%", status: "pass", expected: "< 1%", actual: "0.0%" },
    { label: "Response time < 2s (p95)", status: "pass", expected: "< 2000 ms", actual: "140 ms" },
  ],
};

function monitoringState() {
  const items = withUniqueKeys([
    { label: "Uptime monitoring is active" },
    { label: "Webhook delivery is working", check: "webhook-endpoint" },
    { label: "API endpoints are responding", check: "api-plans" },
  ]);
  let state = emptyChecklist("monitoring", "Monitoring Checklist", "production/2026-11-26 14:00", items);
  state = setTick(state, "uptime-monitoring-is-active", { at: "2026-11-26T14:20:00.000Z" }, new Date(0));
  return setTick(
    state,
    "api-endpoints-are-responding",
    { at: "2026-11-26T14:21:00.000Z", check: "api-plans" },
    new Date(0),
  );
}

function record(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    environment: "production",
    deployment: { name: "2026-11-26 14:00", key: "production/2026-11-26 14:00", startedAt: "2026-11-26T14:00:00.000Z" },
    time: "2026-11-26T14:03:00.000Z",
    deployedBy: "Ada Lovelace",
    rollbackOwner: "Grace Hopper",
    version: {
      ...emptyVersion(),
      frontendCommit: LIVE,
      frontendVersion: "1.42.0",
      pagesDeploymentId: "f64b3c1e-0000-4000-8000-000000000001",
      pagesDeploymentUrl: "https://f64b3c1e.dashtray.pages.dev",
      backendCommit: LIVE,
      convexDeployment: "production-dashtray-789",
      deployRunUrl: "https://github.com/dashtray/dashtray/actions/runs/42",
      compareUrl: `https://github.com/dashtray/dashtray/compare/${GOOD}...${LIVE}`,
      rollbackPagesDeployment: "e53a2b0d-0000-4000-8000-000000000000",
      rollbackCommit: GOOD,
      rollbackConvexCommit: GOOD,
    },
    repositoryUrl: "https://github.com/dashtray/dashtray",
    checks: [
      result("api-plans", "pass", "2026-11-26T14:11:00.000Z", { source: "verify-all" }),
      result("frontend", "fail", "2026-11-26T14:05:00.000Z", {
        summary: "HTTP status: expected 200–299, got 503 | retry",
      }),
    ],
    smokeRun: smoke,
    checklists: [checklistForRecord(monitoringState())],
    rolledBack: "no",
    notes: "Frontend answered 503 for a minute while Pages switched over.\nRecovered without action.",
    exportedAt: "2026-11-26T15:00:00.000Z",
    ...overrides,
  };
}

describe("the deployment record as Markdown", () => {
  it("follows the Version Tracking template, then lists checks, checklists and notes", () => {
    expect(recordMarkdown(record())).toMatchInlineSnapshot(`
      "## Deployment 2026-11-26 14:03 UTC

      - Deployed by: Ada Lovelace (rollback owner: Grace Hopper)
      - Environment: production
      - Deployment: production/2026-11-26 14:00 (started 2026-11-26 14:00 UTC)
      - Frontend commit: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 (<https://github.com/dashtray/dashtray/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678>), version 1.42.0
      - Cloudflare Pages deployment id: f64b3c1e-0000-4000-8000-000000000001 (\`https://f64b3c1e.dashtray.pages.dev\`)
      - Convex backend commit: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 (<https://github.com/dashtray/dashtray/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678>) (deployment: production-dashtray-789)
      - GitHub Actions run: <https://github.com/dashtray/dashtray/actions/runs/42>
      - Changes: <https://github.com/dashtray/dashtray/compare/0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6...a1b2c3d4e5f60718293a4b5c6d7e8f9012345678>
      - Checks: Verify all pass at 2026-11-26 14:12 UTC; All smoke tests pass: 4 of 4; Error rate \\< 1%: 0.0%; Response time \\< 2s (p95): 140 ms
      - Success criteria met: yes (measured ones, by Verify all)
      - Issues: see Issues and notes below
      - Rollback target: Pages deployment e53a2b0d-0000-4000-8000-000000000000; commit 0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6; Convex commit 0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6
      - Rolled back: no

      ### Checks run (in this browser, since 2026-11-26 14:00 UTC)

      | Check | Result | Checked | Summary |
      | --- | --- | --- | --- |
      | Title of api-plans (\`api-plans\`) | ✅ pass | 2026-11-26 14:11 UTC (Verify all) | api-plans said pass |
      | Title of frontend (\`frontend\`) | ❌ fail | 2026-11-26 14:05 UTC | HTTP status: expected 200–299, got 503 \\| retry |

      ### Checklists

      **Monitoring Checklist**: 2 of 3 done

      - [x] Uptime monitoring is active
      - [ ] Webhook delivery is working
      - [x] API endpoints are responding (ticked when \`api-plans\` passed)

      ### Issues and notes

      Frontend answered 503 for a minute while Pages switched over.

      Recovered without action.

      _Exported 2026-11-26 15:00 UTC from the Dashtray runbook._
      "
    `);
  });

  it("says what was not recorded instead of leaving template placeholders", () => {
    const md = recordMarkdown(
      record({
        deployedBy: " ",
        rollbackOwner: "",
        version: emptyVersion(),
        checks: [],
        checklists: [],
        rolledBack: "",
        notes: "",
      }),
    );
    const { smokeRun: _, ...noSmoke } = record();
    const bare = recordMarkdown({ ...noSmoke, checks: [], checklists: [], notes: "" });
    expect(md).toContain("- Deployed by: (not recorded)\n");
    expect(md).toContain("- Frontend commit: (not recorded)\n");
    expect(md).toContain("- Rollback target: (not recorded)\n");
    expect(md).toContain("- Issues: none recorded\n");
    expect(md).toContain("No check results seen in this browser for this deployment.");
    expect(md).toContain("No checklist ticked in this browser for this deployment.");
    expect(md).not.toMatch(/<[a-z ]+>/i);
    expect(bare).toContain("- Checks: Verify all not run in this browser for this deployment\n");
    expect(bare).toContain("- Success criteria met: (not recorded)\n");
  });

  it("names the criteria that failed", () => {
    const failed: SmokeRunSeen = {
      ...smoke,
      status: "fail",
      criteria: smoke.criteria.map((c, i) => (i === 2 ? { ...c, status: "fail" as const, actual: "2600 ms" } : c)),
    };
    const md = recordMarkdown(record({ smokeRun: failed }));
    expect(md).toContain("- Success criteria met: no: Response time \\< 2s (p95)\n");
    expect(md).toContain("Verify all fail at 2026-11-26 14:12 UTC;");
  });

  it("links commits only when they look like SHAs", () => {
    const md = recordMarkdown(
      record({ version: { ...emptyVersion(), frontendCommit: "main", backendCommit: "abc1234" } }),
    );
    expect(md).toContain("- Frontend commit: `main`\n");
    expect(md).toContain("- Convex backend commit: abc1234 (<https://github.com/dashtray/dashtray/commit/abc1234>)\n");
  });
});

describe("the deployment record as JSON and files", () => {
  it("carries every field and its format", () => {
    const parsed = JSON.parse(recordJson(record()));
    expect(parsed.format).toBe(RECORD_FORMAT);
    expect(parsed.environment).toBe("production");
    expect(parsed.version.frontendCommit).toBe(LIVE);
    expect(parsed.checks.map((c: CheckResultDetail) => `${c.checkId}:${c.status}`)).toEqual([
      "api-plans:pass",
      "frontend:fail",
    ]);
    expect(parsed.checklists[0]).toEqual({
      id: "monitoring",
      title: "Monitoring Checklist",
      done: 2,
      total: 3,
      items: [
        { label: "Uptime monitoring is active", done: true },
        { label: "Webhook delivery is working", done: false },
        { label: "API endpoints are responding", done: true, check: "api-plans" },
      ],
    });
  });

  it("names files after the environment and deployment", () => {
    expect(recordFileName(record(), "md")).toBe("deployment-production-2026-11-26-14-00.md");
    expect(
      recordFileName({ environment: "demo", deployment: { name: "2026-11-26", key: "", startedAt: "" } }, "json"),
    ).toBe("deployment-demo-2026-11-26.json");
  });

  it("writes times in UTC to the minute", () => {
    expect(utcMinute("2026-11-26T14:03:59.999Z")).toBe("2026-11-26 14:03 UTC");
    expect(utcMinute("soon")).toBe("soon");
  });
});

describe("what the record is filled from", () => {
  const start = "2026-11-26T14:00:00.000Z";

  it("keeps this deployment's results: its environment, since it started, newest first", () => {
    const results = [
      result("frontend", "pass", "2026-11-26T14:05:00.000Z"),
      result("api-plans", "pass", "2026-11-26T13:59:59.000Z"),
      result("app-health", "warn", "2026-11-26T14:07:00.000Z"),
      result("frontend", "pass", "2026-11-26T14:06:00.000Z", { environment: "staging" }),
    ];
    expect(checksForDeployment(results, "production", start).map((r) => r.checkId)).toEqual(["app-health", "frontend"]);
    expect(smokeRunForDeployment([smoke], "production", start)).toBe(smoke);
    expect(smokeRunForDeployment([smoke], "production", "2026-11-26T15:00:00.000Z")).toBeUndefined();
    expect(smokeRunForDeployment([smoke], "staging", start)).toBeUndefined();
  });

  it("remembers the newest result per environment and check", () => {
    let seen: CheckResultDetail[] = [];
    seen = mergeResult(seen, result("frontend", "fail", "2026-11-26T14:05:00.000Z"));
    seen = mergeResult(seen, result("frontend", "pass", "2026-11-26T14:06:00.000Z", { environment: "staging" }));
    seen = mergeResult(seen, result("frontend", "pass", "2026-11-26T14:07:00.000Z"));
    expect(seen.map((r) => `${r.environment}/${r.checkId}:${r.status}`)).toEqual([
      "production/frontend:pass",
      "staging/frontend:pass",
    ]);
    const many = Array.from({ length: 5 }, (_, i) => result(`c${i}`, "pass", start));
    expect(many.reduce((acc, r) => mergeResult(acc, r, 3), [] as CheckResultDetail[]).map((r) => r.checkId)).toEqual([
      "c4",
      "c3",
      "c2",
    ]);
  });

  it("takes the version fields from the version and rollback answers, and skips parts that could not be read", () => {
    const version = {
      environment: "production",
      status: "in-sync",
      frontend: {
        ok: true,
        data: { url: "https://dashtray.example.com/version.json", commit: LIVE, version: "1.42.0" },
      },
      backend: { ok: false, error: { code: "timeout", message: "Convex did not answer within 5 s" } },
      pages: {
        ok: true,
        data: {
          project: "dashtray",
          productionBranch: "main",
          domains: [],
          live: {
            id: "dep-live",
            shortId: "f64b3c1e",
            environment: "production",
            url: "https://f64b3c1e.dashtray.pages.dev",
            createdOn: start,
            stage: { name: "deploy", status: "success" },
            dashboardUrl: "https://dash.cloudflare.com/x",
          },
          newest: null,
          dashboardUrl: "https://dash.cloudflare.com/x",
        },
      },
      deployRun: { ok: true, data: null },
      drift: [],
      links: {},
      checkedAt: start,
      durationMs: 12,
    } satisfies VersionReport;
    const rollback = {
      environment: "production",
      pages: { ok: false, error: { code: "missing_token", message: "no token" } },
      convex: {
        ok: true,
        data: {
          deployment: "production-dashtray-789",
          dashboardUrl: "https://dashboard.convex.dev/d/production-dashtray-789",
          current: null,
          target: { sha: GOOD, url: `https://github.com/dashtray/dashtray/commit/${GOOD}` },
          reason: "r",
          upToDate: false,
          commands: [],
        },
      },
      git: { ok: false, error: { code: "needs_pages", message: "needs pages" } },
      links: {},
      checkedAt: start,
      durationMs: 3,
    } satisfies RollbackReport;
    expect(versionFromReports(version, rollback)).toEqual({
      frontendCommit: LIVE,
      frontendVersion: "1.42.0",
      pagesDeploymentId: "dep-live",
      pagesDeploymentUrl: "https://f64b3c1e.dashtray.pages.dev",
      rollbackConvexCommit: GOOD,
    });
    expect(versionFromReports(undefined, undefined)).toEqual({});
  });
});

describe("exports keep upstream text as text", () => {
  const hostile =
    "![x](https://evil.example/b.png) <img src=x onerror=alert(1)> [click](javascript:alert(1)) www.evil.example";
  /** What would become an image, link, HTML or autolink when the Markdown is rendered. */
  const live = [
    /!\[x\]\(/,
    /(?<!\\)<img/i,
    /\[click\]\(/,
    /\]\(https:/,
    /(?<!\\:\\\/\\\/)\bevil\.example\/b\.png/,
    /(?<!\\)www\.evil/,
  ];

  it.each([
    ["the frontend version", { version: { ...record().version, frontendVersion: hostile } }],
    [
      "a check's title and summary",
      { checks: [result("frontend", "fail", "2026-11-26T14:05:00.000Z", { title: hostile, summary: hostile })] },
    ],
    [
      "the Pages deployment URL",
      { version: { ...record().version, pagesDeploymentUrl: `https://evil.example/x) ${hostile}` } },
    ],
    [
      "a run URL outside the repository",
      { version: { ...record().version, deployRunUrl: "https://evil.example/actions/runs/42" } },
    ],
  ] as [string, Partial<DeploymentRecord>][])("the deployment record: %s", (_what, overrides) => {
    const md = recordMarkdown(record(overrides));
    // Code spans show their text literally: only what is outside them could render.
    for (const pattern of live) expect(md.replace(/`[^`]*`/g, "")).not.toMatch(pattern);
    expect(md).not.toContain("<https://evil.example");
  });

  it("links only URLs under the configured repository", () => {
    const md = recordMarkdown(
      record({
        version: { ...record().version, deployRunUrl: "https://github.com/dashtray/dashtray-evil/actions/runs/1" },
      }),
    );
    expect(md).toContain("- GitHub Actions run: `https://github.com/dashtray/dashtray-evil/actions/runs/1`");
    expect(recordMarkdown(record())).toContain(
      "- GitHub Actions run: <https://github.com/dashtray/dashtray/actions/runs/42>",
    );
  });

  it("the verify-all summary", () => {
    const detail = result("frontend", "fail", "2026-11-26T14:05:00.000Z", { title: hostile, summary: hostile });
    const checkResult = {
      checkId: "frontend",
      title: hostile,
      environment: "production",
      status: "fail" as const,
      summary: hostile,
      request: { method: "GET", url: "https://app.example/" },
      assertions: [],
      observed: { latencyMs: 10 },
      durationMs: 10,
      checkedAt: detail.checkedAt,
      cached: false,
    };
    const summary = {
      environment: "production",
      status: "fail" as const,
      summary: hostile,
      criteria: [{ id: "smoke" as const, label: hostile, status: "fail" as const, expected: hostile, actual: hostile }],
      counts: { pass: 0, warn: 0, fail: 1, error: 0 },
      samples: { count: 1, errors: 0, errorRate: 0, p50Ms: 10, p95Ms: 10, maxMs: 10 },
      durationMs: 10,
      checkedAt: "2026-11-26T14:05:00.000Z",
    };
    const md = verifyMarkdown(summary, [checkResult]);
    for (const pattern of live) expect(md.replace(/`[^`]*`/g, "")).not.toMatch(pattern);
    // Every table row keeps its five cells.
    for (const row of md.split("\n").filter((l) => l.startsWith("| ") && l.includes("fail")))
      expect(row.split(/(?<!\\)\|/).length).toBeGreaterThanOrEqual(5);
  });
});

describe("the record as the Markdown route reads it", () => {
  it("takes the browser's record whole and writes the same Markdown from what it keeps", () => {
    const sent = record({ monitor: undefined });
    const parsed = deploymentRecordInput.parse(JSON.parse(JSON.stringify(sent)));
    expect(recordMarkdown(parsed)).toBe(recordMarkdown(sent));
  });

  it("refuses a repository that is not a web URL, a check of unknown status and an overlong note", () => {
    const refused = (bad: unknown) => deploymentRecordInput.safeParse(bad).error?.issues.map((i) => i.path.join("."));
    expect(refused({ ...record(), repositoryUrl: "javascript:alert(1)" })).toEqual(["repositoryUrl"]);
    expect(refused({ ...record(), checks: [{ ...record().checks[0], status: "maybe" }] })).toEqual(["checks.0.status"]);
    expect(refused({ ...record(), notes: "x".repeat(20_001) })).toEqual(["notes"]);
  });
});
