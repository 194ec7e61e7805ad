import { describe, expect, it } from "vitest";
import { panelStatus, versionRows } from "../../src/components/deploy-version/deploy-version.ts";
import { candidateRows, rollbackStatus } from "../../src/components/rollback-links/rollback-links.ts";
import type { RollbackCandidate, RollbackReport, VersionReport } from "../../src/core/deploy/schemas.ts";
import { SHA } from "./deploy-fixtures.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const version = (commit: string) => ({
  url: "https://dashtray.example.com/version.json",
  commit,
  builtAt: "2026-11-26T09:00:00Z",
});

function report(overrides: Partial<VersionReport> = {}): VersionReport {
  return {
    environment: "production",
    status: "in-sync",
    frontend: {
      ok: true,
      data: { ...version(SHA.newest), version: "2026.11.26-1", commitUrl: "https://github.com/o/r/commit/x" },
    },
    backend: { ok: true, data: version(SHA.newest) },
    pages: {
      ok: false,
      error: { code: "missing_token", message: "No Cloudflare API token: set CLOUDFLARE_API_TOKEN ..." },
    },
    deployRun: {
      ok: true,
      data: {
        runNumber: 9,
        status: "in_progress",
        conclusion: null,
        htmlUrl: "https://github.com/o/r/actions/runs/9",
        headSha: SHA.newest,
        createdAt: "2026-11-26T11:58:00Z",
      },
    },
    drift: [],
    links: {},
    checkedAt: "2026-11-26T12:00:00Z",
    durationMs: 12,
    ...overrides,
  };
}

describe("version panel wording", () => {
  it("status line: in sync names the commit, drift counts warnings, incomplete names what is missing", () => {
    expect(panelStatus(report())).toEqual({ state: "pass", symbol: "✓", text: "In sync on 0559c70" });
    const warn = { code: "rolled_back", severity: "warn", title: "t", detail: "d" } as const;
    expect(panelStatus(report({ status: "drift", drift: [warn, warn] })).text).toBe("Drift: 2 warnings");
    expect(panelStatus(report({ status: "incomplete" }))).toEqual({
      state: "warn",
      symbol: "○",
      text: "Incomplete: could not read pages serving",
    });
    // The demo shows no Staging row, so its status line does not name staging either.
    const stagingDown = {
      status: "incomplete",
      staging: { ok: false, error: { code: "upstream_error", message: "HTTP 503" } },
    } as const;
    expect(panelStatus(report(stagingDown)).text).toBe("Incomplete: could not read pages serving, staging");
    expect(panelStatus(report(stagingDown), { demo: true }).text).toBe("Incomplete: could not read pages serving");
  });

  it("rows: values with links and notes, or the reason a part could not be read", () => {
    const rows = versionRows(report(), NOW);
    expect(rows.map((r) => r.key)).toEqual(["frontend", "backend", "pages", "run"]);
    expect(rows[0]).toEqual({
      key: "frontend",
      label: "Frontend",
      value: "0559c70",
      href: "https://github.com/o/r/commit/x",
      note: "2026.11.26-1 · built 3 h ago",
    });
    expect(rows[2]).toEqual({
      key: "pages",
      label: "Pages serving",
      value: "",
      error: "No Cloudflare API token: set CLOUDFLARE_API_TOKEN ...",
    });
    expect(rows[3]).toMatchObject({
      value: "#9 in progress",
      href: "https://github.com/o/r/actions/runs/9",
      note: "commit 0559c70 · started 2 min ago",
    });
  });
});

describe("rollback links wording", () => {
  const candidate = (id: string, extra: Partial<RollbackCandidate>): RollbackCandidate => ({
    id,
    shortId: id.slice(0, 8),
    environment: "production",
    url: "",
    createdOn: "2026-11-24T12:00:00Z",
    commit: SHA.live,
    commitMessage: "Show renewal date",
    stage: { name: "deploy", status: "success" },
    dashboardUrl: `https://dash.cloudflare.com/a/pages/view/p/${id}`,
    live: false,
    lastGood: false,
    rollbackCommand: "curl ...",
    ...extra,
  });

  it("marks live and, after a rollback, the newest deployment that is not served; nothing older is 'last good' then", () => {
    const candidates = [
      candidate("newest00-x", { createdOn: "2026-11-26T10:00:00Z" }),
      candidate("live0000-x", { live: true, createdOn: "2026-11-25T12:00:00Z" }),
      candidate("good0000-x", { lastGood: true }),
      candidate("older000-x", { createdOn: "2026-11-20T12:00:00Z" }),
    ];
    const [newest, live, good] = candidates;
    const rows = candidateRows(
      { candidates, live: live ?? null, lastGood: good ?? null, newest: newest ?? null, rolledBack: true },
      NOW,
    );
    expect(rows.map((r) => [r.mark, r.markText])).toEqual([
      ["newest", "○ Newest, not served"],
      ["live", "● Live"],
      ["", ""],
      ["", ""],
    ]);
    const before = candidateRows(
      { candidates, live: live ?? null, lastGood: good ?? null, newest: newest ?? null, rolledBack: false },
      NOW,
    );
    expect(before[2]?.markText).toBe("★ Last good");
    expect(rows[2]).toMatchObject({
      deployment: "good0000",
      commit: "29cb079",
      age: "2 days ago",
      message: "Show renewal date",
    });
    // Rolled back: the newest row rolls forward, earlier rows only if the served one is bad too.
    expect(rows.map((r) => r.actionLabel)).toEqual([
      "Copy roll-forward command",
      "",
      "Copy rollback command (only if live0000 is bad too)",
      "Copy rollback command (only if live0000 is bad too)",
    ]);
  });

  it("before any rollback, every older row is a plain rollback target and the newest is served", () => {
    const candidates = [
      candidate("live0000-x", { live: true, createdOn: "2026-11-25T12:00:00Z" }),
      candidate("good0000-x", { lastGood: true }),
    ];
    const [live, good] = candidates;
    const rows = candidateRows(
      { candidates, live: live ?? null, lastGood: good ?? null, newest: live ?? null, rolledBack: false },
      NOW,
    );
    expect(rows.map((r) => [r.action, r.actionLabel])).toEqual([
      ["serving", ""],
      ["roll-back", "Copy rollback command"],
    ]);
  });

  it("status per kind, and a failed part says why", () => {
    const failed: RollbackReport = {
      environment: "production",
      pages: { ok: false, error: { code: "forbidden", message: "The Cloudflare API refused the token" } },
      convex: { ok: false, error: { code: "needs_pages", message: "needs Pages" } },
      git: {
        ok: true,
        data: {
          good: { sha: SHA.live, url: "" },
          bad: { sha: SHA.newest, url: "" },
          reason: "r",
          compareUrl: "",
          commitCount: 1,
          mergeCommits: false,
          commands: [],
        },
      },
      links: {},
      checkedAt: "",
      durationMs: 0,
    };
    expect(rollbackStatus("pages", failed)).toEqual({ state: "error", text: "The Cloudflare API refused the token" });
    expect(rollbackStatus("git", failed)).toEqual({ state: "warn", text: "Revert 29cb079..0559c70 (1 commit)." });
    if (!failed.git.ok) throw new Error("git section");
    const unknown = { code: "commit_unknown", message: `GitHub does not know commit ${SHA.newest}` };
    const warned: RollbackReport = { ...failed, git: { ok: true, data: { ...failed.git.data, warning: unknown } } };
    expect(rollbackStatus("git", warned)).toEqual({ state: "warn", text: unknown.message });
  });

  it("no last good: 'nothing earlier' only when the whole list was read, else how far it looked", () => {
    const pages = (searched: {
      deployments: number;
      pages: number;
      complete: boolean;
      summary: string;
    }): RollbackReport => ({
      environment: "production",
      pages: {
        ok: true,
        data: {
          project: "p",
          rolledBack: false,
          live: null,
          lastGood: null,
          newest: null,
          candidates: [],
          commands: [],
          dashboardUrl: "",
          searched,
        },
      },
      convex: { ok: false, error: { code: "no_target", message: "" } },
      git: { ok: false, error: { code: "no_target", message: "" } },
      links: {},
      checkedAt: "",
      durationMs: 0,
    });
    expect(rollbackStatus("pages", pages({ deployments: 200, pages: 8, complete: false, summary: "" })).text).toBe(
      "No earlier successful production deployment in the newest 200: look further back in the Pages dashboard.",
    );
    expect(rollbackStatus("pages", pages({ deployments: 5, pages: 1, complete: true, summary: "" })).text).toBe(
      "No earlier successful production deployment to roll back to.",
    );
  });
});
