import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cloudflareSettings, githubSettings } from "../../src/core/config/environment.ts";
import {
  convexRedeployCommands,
  gitRevertCommands,
  pagesRollbackCommand,
  shellQuote,
} from "../../src/core/deploy/commands.ts";
import { sameCommit } from "../../src/core/deploy/commits.ts";
import { detectDrift } from "../../src/core/deploy/drift.ts";
import { ago } from "../../src/core/deploy/format.ts";
import {
  compareUrl,
  convexDashboardUrl,
  linksFromConfig,
  pagesDeploymentUrl,
  pagesProjectUrl,
} from "../../src/core/deploy/links.ts";
import {
  describeDeployment,
  failedSinceNewest,
  pagesAdvice,
  pagesRowAction,
  type RollbackSelection,
  restorePlan,
  selectRollbackTargets,
} from "../../src/core/deploy/rollback.ts";
import type { PagesDeployment, ReportedVersion } from "../../src/core/deploy/schemas.ts";
import { toRecord } from "../../src/server/clients/cloudflare.ts";
import { cloudflareDeployment as cloudflareShape, envelope } from "../../src/server/clients/cloudflare-schemas.ts";
import { ACCOUNT, cloudflareDeployment, DEPLOYMENTS, deploymentsAnswer, PROJECT, SHA } from "./deploy-fixtures.ts";

const cloudflare = cloudflareSettings.parse({ accountId: ACCOUNT, pagesProject: PROJECT });
const github = githubSettings.parse({ repo: "dashtray/dashtray" });
const settings = {
  cloudflare,
  github,
  convex: { deployment: "production-dashtray-789", dashboardBase: "https://dashboard.convex.dev" },
};

/** The documented list, parsed and described the way the route does it. */
const listed: PagesDeployment[] = envelope(z.array(cloudflareShape))
  .parse(deploymentsAnswer(DEPLOYMENTS))
  .result.map((d) => describeDeployment(toRecord(d), settings));
const byId = (prefix: string) => {
  const found = listed.find((d) => d.id.startsWith(prefix));
  if (!found) throw new Error(`no fixture deployment ${prefix}`);
  return found;
};
const NEWEST = byId("3b3ecbb2");
const LIVE = byId("54035b60");
const GOOD = byId("ca94f0eb");

describe("links from config and upstream ids", () => {
  it("Cloudflare project and deployment deep links, Convex dashboard, GitHub compare", () => {
    expect(pagesProjectUrl(cloudflare)).toBe(`https://dash.cloudflare.com/${ACCOUNT}/pages/view/dashtray`);
    expect(pagesDeploymentUrl(cloudflare, LIVE.id)).toBe(
      `https://dash.cloudflare.com/${ACCOUNT}/pages/view/dashtray/54035b60-8935-4af3-8315-b5c5f41b494d`,
    );
    expect(convexDashboardUrl(settings.convex)).toBe("https://dashboard.convex.dev/d/production-dashtray-789");
    expect(compareUrl(github, SHA.live, SHA.newest)).toBe(
      `https://github.com/dashtray/dashtray/compare/${SHA.live}...${SHA.newest}`,
    );
    expect(linksFromConfig(settings)).toEqual({
      pagesProject: `https://dash.cloudflare.com/${ACCOUNT}/pages/view/dashtray`,
      convexDashboard: "https://dashboard.convex.dev/d/production-dashtray-789",
      repository: "https://github.com/dashtray/dashtray",
      deployRuns: "https://github.com/dashtray/dashtray/actions/workflows/deploy.yml",
    });
    expect(linksFromConfig({})).toEqual({});
  });

  it("each described deployment carries its dashboard deep link and commit page", () => {
    expect(LIVE.dashboardUrl).toBe(pagesDeploymentUrl(cloudflare, LIVE.id));
    expect(LIVE.commitUrl).toBe(`https://github.com/dashtray/dashtray/commit/${SHA.live}`);
  });
});

describe("rollback target selection", () => {
  it("keeps successful production deployments only, newest first: failed builds and previews are skipped", () => {
    const selection = selectRollbackTargets(listed, NEWEST);
    expect(selection.candidates.map((d) => d.shortId)).toEqual(["3b3ecbb2", "54035b60", "ca94f0eb"]);
    const failedAtDeploy = describeDeployment(
      toRecord(
        cloudflareShape.parse(
          cloudflareDeployment({
            id: "dead0000-0000-4000-8000-000000000000",
            createdOn: "2026-11-25T00:00:00Z",
            commit: SHA.failed,
            message: "x",
            status: "failure",
          }),
        ),
      ),
      settings,
    );
    expect(selectRollbackTargets([failedAtDeploy, ...listed], NEWEST).lastGood?.id).toBe(LIVE.id);
  });

  it("normal: live is the canonical (newest) one, last good the successful one before it, skipping the failed build", () => {
    const selection = selectRollbackTargets(listed, NEWEST);
    expect(selection.live?.id).toBe(NEWEST.id);
    expect(selection.lastGood?.id).toBe(LIVE.id);
    expect(selection.newest?.id).toBe(NEWEST.id);
    expect(selection.rolledBack).toBe(false);
  });

  it("after a rollback: live is the older canonical one, the newest is not served", () => {
    const selection = selectRollbackTargets(listed, LIVE);
    expect(selection.live?.id).toBe(LIVE.id);
    expect(selection.lastGood?.id).toBe(GOOD.id);
    expect(selection.newest?.id).toBe(NEWEST.id);
    expect(selection.rolledBack).toBe(true);
  });

  it("does not trust the API's order", () => {
    const selection = selectRollbackTargets([...listed].reverse(), NEWEST);
    expect(selection.candidates.map((d) => d.shortId)).toEqual(["3b3ecbb2", "54035b60", "ca94f0eb"]);
  });

  it("adds the canonical deployment when the listed page does not reach back to it", () => {
    const older = describeDeployment(
      toRecord(
        cloudflareShape.parse(
          cloudflareDeployment({
            id: "0ld0ld00-0000-4000-8000-000000000000",
            createdOn: "2026-10-01T00:00:00Z",
            commit: SHA.good,
            message: "old",
          }),
        ),
      ),
      settings,
    );
    const selection = selectRollbackTargets(listed, older);
    expect(selection.live?.id).toBe(older.id);
    expect(selection.candidates.at(-1)?.id).toBe(older.id);
    expect(selection.lastGood).toBeNull();
    expect(selection.rolledBack).toBe(true);
  });

  it("no canonical deployment: nothing is live, nothing is last good", () => {
    const selection = selectRollbackTargets(listed, null);
    expect(selection.live).toBeNull();
    expect(selection.lastGood).toBeNull();
    expect(selection.rolledBack).toBe(false);
  });

  it("a failed production deployment newer than the newest success is reported; an older failure is history", () => {
    expect(failedSinceNewest(listed, NEWEST)).toBeNull();
    const failedOnTop = describeDeployment(
      toRecord(
        cloudflareShape.parse(
          cloudflareDeployment({
            id: "f00dfeed-0000-4000-8000-000000000000",
            createdOn: "2026-11-27T08:00:00Z",
            commit: SHA.preview,
            message: "x",
            status: "failure",
          }),
        ),
      ),
      settings,
    );
    expect(failedSinceNewest([failedOnTop, ...listed], NEWEST)?.id).toBe(failedOnTop.id);
  });
});

describe("what Git and Convex go back to", () => {
  it("normal: good = the deployment before live, bad = live", () => {
    const plan = restorePlan(selectRollbackTargets(listed, NEWEST));
    expect(plan).toMatchObject({ ok: true, good: SHA.live, bad: SHA.newest });
  });

  it("after a Pages rollback: good = what Pages serves, bad = the newest deployment it was rolled back from", () => {
    const plan = restorePlan(selectRollbackTargets(listed, LIVE));
    expect(plan).toMatchObject({ ok: true, good: SHA.live, bad: SHA.newest });
    expect(plan.ok && plan.reason).toContain("Pages was rolled back to 54035b60");
  });

  it("says why when there is no target", () => {
    const only: RollbackSelection = {
      candidates: [NEWEST],
      live: NEWEST,
      lastGood: null,
      newest: NEWEST,
      rolledBack: false,
    };
    expect(restorePlan(only)).toEqual({
      ok: false,
      message:
        "The live deployment 3b3ecbb2 is the only successful production deployment listed: there is nothing earlier to go back to.",
    });
    expect(restorePlan(selectRollbackTargets(listed, null)).ok).toBe(false);
    const redeploy = { ...LIVE, id: "again", shortId: "again", commit: SHA.newest };
    expect(
      restorePlan({
        candidates: [NEWEST, redeploy],
        live: NEWEST,
        lastGood: redeploy,
        newest: NEWEST,
        rolledBack: false,
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("there is no code to revert"),
    });
  });
});

describe("what to do with Pages, newest live or already rolled back", () => {
  it("newest live: one step, roll back to the last good deployment; older rows are rollback targets", () => {
    const selection = selectRollbackTargets(listed, NEWEST);
    const advice = pagesAdvice(selection);
    expect(advice.situation).toBe("newest-live");
    expect(advice.steps.map((s) => [s.action, s.target?.shortId])).toEqual([["roll-back", "54035b60"]]);
    expect(selection.candidates.map((d) => pagesRowAction(d, selection))).toEqual([
      "serving",
      "roll-back",
      "roll-back",
    ]);
  });

  it("already rolled back: says so first, verify what is served, roll forward, and earlier only if this one is bad too", () => {
    const selection = selectRollbackTargets(listed, LIVE);
    const advice = pagesAdvice(selection);
    expect(advice.situation).toBe("rolled-back");
    expect(advice.headline).toMatch(
      /^Already rolled back: Pages serves 54035b60 \(commit 29cb079\), the current state/,
    );
    expect(advice.headline).toContain("Verify it; roll forward when fixed.");
    expect(advice.steps.map((s) => [s.action, s.target?.shortId])).toEqual([
      ["verify", "54035b60"],
      ["roll-forward", "3b3ecbb2"],
      ["if-bad-too", "ca94f0eb"],
    ]);
    expect(advice.steps[2]?.text).toMatch(/^Only if 54035b60 is bad too: roll back further to ca94f0eb/);
    expect(selection.candidates.map((d) => pagesRowAction(d, selection))).toEqual([
      "roll-forward",
      "serving",
      "if-bad-too",
    ]);
  });

  it("nothing served: no steps, and says so", () => {
    expect(pagesAdvice(selectRollbackTargets(listed, null))).toEqual({
      situation: "unknown",
      headline: "Pages reports no served production deployment.",
      steps: [],
    });
  });
});

describe("drift detection", () => {
  const version = (commit: string): ReportedVersion => ({ url: "https://dashtray.example.com/version.json", commit });
  const compare = (a: string, b: string) => compareUrl(github, a, b);

  it("nothing to report when every part agrees", () => {
    expect(
      detectDrift({
        frontend: version(SHA.newest),
        backend: version(SHA.newest.slice(0, 7)),
        pages: { live: NEWEST, newest: NEWEST, failedSinceNewest: null },
        run: {
          runNumber: 1,
          status: "completed",
          conclusion: "success",
          htmlUrl: "x",
          headSha: SHA.newest,
          createdAt: "",
        },
        staging: { version: version(SHA.newest) },
        compare,
      }),
    ).toEqual([]);
  });

  it("frontend and backend on different commits, with a compare link", () => {
    const [drift] = detectDrift({ frontend: version(SHA.newest), backend: version(SHA.live), compare });
    expect(drift).toEqual({
      code: "frontend_backend_mismatch",
      severity: "warn",
      title: "Frontend and backend run different commits",
      detail:
        "The app reports 0559c70, the Convex backend 29cb079. One was deployed or rolled back without the other; make sure the two still fit together.",
      link: { label: "Changes between backend and frontend", href: compare(SHA.live, SHA.newest) },
    });
  });

  it("the newest production deployment is not the served one: rolled back", () => {
    const drift = detectDrift({
      frontend: version(SHA.live),
      pages: { live: LIVE, newest: NEWEST, failedSinceNewest: null },
      productionBranch: "main",
      compare,
    });
    expect(drift.map((d) => d.code)).toEqual(["rolled_back"]);
    expect(drift[0]?.detail).toBe(
      "Pages serves 54035b60 (commit 29cb079) from 2026-11-24T10:54:31Z, not the newest production deployment 3b3ecbb2 (commit 0559c70). The next push to main deploys again: revert in Git first.",
    );
    expect(drift[0]?.link?.href).toBe(compare(SHA.live, SHA.newest));
  });

  it("the app reports another commit than Pages' served deployment", () => {
    const drift = detectDrift({
      frontend: version(SHA.good),
      pages: { live: NEWEST, newest: NEWEST, failedSinceNewest: null },
    });
    expect(drift.map((d) => d.code)).toEqual(["app_not_canonical"]);
    expect(drift[0]?.link?.href).toBe(NEWEST.dashboardUrl);
  });

  it("a failed deploy: the newest deployment failed, the latest run failed; a running deploy is only information", () => {
    const failed = { ...NEWEST, id: "f", shortId: "f00dfeed", stage: { name: "build", status: "failure" } };
    const run = {
      runNumber: 7,
      status: "completed",
      conclusion: "failure",
      htmlUrl: "https://github.com/r/actions/runs/7",
      headSha: SHA.failed,
      createdAt: "",
    };
    expect(
      detectDrift({ pages: { live: NEWEST, newest: NEWEST, failedSinceNewest: failed }, run }).map((d) => d.code),
    ).toEqual(["newer_deployment_failed", "deploy_run_failed"]);
    const running = detectDrift({ run: { ...run, status: "in_progress", conclusion: null } });
    expect(running).toMatchObject([
      { code: "deploy_run_in_progress", severity: "info", link: { href: "https://github.com/r/actions/runs/7" } },
    ]);
  });

  it("staging ahead of production, with the compare link; behind is a warning", () => {
    const ahead = detectDrift({
      frontend: version(SHA.live),
      staging: { version: version(SHA.newest), comparison: { status: "ahead", aheadBy: 2, behindBy: 0 } },
      compare,
    });
    expect(ahead).toEqual([
      {
        code: "staging_differs",
        severity: "info",
        title: "Staging is ahead of production",
        detail: "Staging runs 0559c70, 2 commits ahead of production (29cb079): that is what the next deploy ships.",
        link: { label: "Changes from production to staging", href: compare(SHA.live, SHA.newest) },
      },
    ]);
    const behind = detectDrift({
      frontend: version(SHA.newest),
      staging: { version: version(SHA.live), comparison: { status: "behind", aheadBy: 0, behindBy: 1 } },
    });
    expect(behind).toMatchObject([
      { severity: "warn", title: "Staging is behind production", detail: expect.stringContaining("1 commit behind") },
    ]);
  });

  it("warnings come before information", () => {
    const drift = detectDrift({
      frontend: version(SHA.live),
      backend: version(SHA.newest),
      staging: { version: version(SHA.newest) },
      run: { runNumber: 1, status: "queued", conclusion: null, htmlUrl: "x", headSha: SHA.newest, createdAt: "" },
    });
    expect(drift.map((d) => d.severity)).toEqual(["warn", "info", "info"]);
  });
});

describe("command builders", () => {
  it("Cloudflare rollback: the documented endpoint with the real deployment id, the token as a shell variable", () => {
    expect(pagesRollbackCommand(cloudflare, LIVE.id)).toBe(
      `curl -fsS -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \\\n  https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/pages/projects/dashtray/deployments/54035b60-8935-4af3-8315-b5c5f41b494d/rollback`,
    );
  });

  it("Convex: check out the good commit and deploy, then confirm", () => {
    expect(
      convexRedeployCommands(SHA.live, "https://production-dashtray-789.convex.site/version").map((c) => c.command),
    ).toEqual([
      `git fetch origin && git worktree add ../dashtray-rollback ${SHA.live} && cd ../dashtray-rollback && npm ci && npx convex deploy`,
      "curl -fsS https://production-dashtray-789.convex.site/version",
    ]);
  });

  it("Git: a range revert without merges, -m 1 over the first-parent line with merges, both when unknown", () => {
    const plain = gitRevertCommands(SHA.live, SHA.newest, "main", false).map((c) => c.command);
    expect(plain).toEqual([
      "git switch main && git pull --ff-only",
      `git revert --no-edit ${SHA.live}..${SHA.newest}`,
      `git diff --stat ${SHA.live} HEAD`,
    ]);
    const merges = gitRevertCommands(SHA.live, SHA.newest, "main", true).map((c) => c.command);
    expect(merges[1]).toBe(`git revert --no-edit -m 1 $(git rev-list --first-parent ${SHA.live}..${SHA.newest})`);
    const unknown = gitRevertCommands(SHA.live, SHA.newest, "main", null);
    expect(unknown.map((c) => c.command)).toEqual([plain[0], plain[1], merges[1], plain[2]]);
    expect(unknown[2]?.label).toContain('If that stops with "is a merge but no -m option was given"');
  });

  it("quotes anything a shell would read specially", () => {
    expect(shellQuote("https://api.example.com/a-b_c")).toBe("https://api.example.com/a-b_c");
    expect(shellQuote("feature/it's $(here)")).toBe(`'feature/it'\\''s $(here)'`);
    expect(gitRevertCommands(SHA.live, SHA.newest, "rel $x", false)[0]?.command).toBe(
      "git switch 'rel $x' && git pull --ff-only",
    );
  });
});

describe("small helpers", () => {
  it("sameCommit accepts abbreviations of at least 7 characters", () => {
    expect(sameCommit(SHA.live, SHA.live.slice(0, 7))).toBe(true);
    expect(sameCommit(SHA.live.toUpperCase(), SHA.live)).toBe(true);
    expect(sameCommit(SHA.live, SHA.newest)).toBe(false);
    expect(sameCommit("dev", "development")).toBe(false);
  });

  it("ago reads like a person would say it", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(ago("2026-11-26T11:59:30Z", now)).toBe("just now");
    expect(ago("2026-11-26T11:48:00Z", now)).toBe("12 min ago");
    expect(ago("2026-11-26T07:00:00Z", now)).toBe("5 h ago");
    expect(ago("2026-11-23T12:00:00Z", now)).toBe("3 days ago");
    expect(ago("nonsense", now)).toBe("at an unknown time");
  });
});
