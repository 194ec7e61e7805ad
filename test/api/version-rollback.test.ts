import { afterEach, describe, expect, inject, it } from "vitest";
import {
  type RollbackReport,
  rollbackReport,
  type VersionReport,
  versionReport,
} from "../../src/core/deploy/schemas.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

// The demo's fixed history (src/demo/history.ts): main's head, the commit before it, and earlier ones.
const HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";
const BEFORE = "29cb07959f28a797ccea7f1f91301aebdb910fe7";
const OLDER = "3908a0ed9870a7416f33f13465a17209c3b61acb";
/** main's parent of HEAD, whose Pages deployment failed: where the mismatched backend sits. */
const PARENT = "2f0cebaac12792355e7914251a3e462b66116677";
const NEWEST_DEPLOYMENT = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";
const BEFORE_DEPLOYMENT = "54035b60-8935-4af3-8315-b5c5f41b494d";
const OLDER_DEPLOYMENT = "ca94f0eb-4a61-460c-9ce8-384eb946d55d";
const FAILED_DEPLOYMENT = "7f2f50b6-fa21-4ffb-9114-f942d89f03f0";

const site = inject("siteUrl");
const demo = inject("demoUrl");
const DASHBOARD = `${demo}/dashboards/cloudflare/demo-account/pages/view/dashtray`;
const REPO = `${demo}/dashboards/github/dashtray/dashtray`;
afterEach(() => resetDemo());

async function get(path: string) {
  const res = await fetch(`${site}${path}`);
  const text = await res.text();
  return { res, text, body: JSON.parse(text) as unknown };
}

async function version(): Promise<VersionReport> {
  const { res, body } = await get("/api/version?env=demo");
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return versionReport.parse(body);
}

async function rollback(): Promise<RollbackReport> {
  const { res, body } = await get("/api/rollback?env=demo");
  expect(res.status).toBe(200);
  return rollbackReport.parse(body);
}

function ok<T>(section: { ok: true; data: T } | { ok: false; error: { message: string } } | undefined): T {
  if (!section) throw new Error("section missing");
  if (!section.ok) throw new Error(`section failed: ${section.error.message}`);
  return section.data;
}

describe("GET /api/version in workerd, on the demo", () => {
  it("normal: frontend, backend and the served deployment agree; no drift", async () => {
    const report = await version();
    expect(report.status).toBe("in-sync");
    expect(report.drift).toEqual([]);
    expect(ok(report.frontend)).toMatchObject({ url: `${demo}/version.json`, commit: HEAD, version: "2026.11.26-1" });
    expect(ok(report.backend)).toMatchObject({
      url: `${demo}/convex/version`,
      commit: HEAD,
      deployment: "demo-dashtray-123",
    });
    const pages = ok(report.pages);
    expect(pages.live).toMatchObject({
      id: NEWEST_DEPLOYMENT,
      commit: HEAD,
      dashboardUrl: `${DASHBOARD}/${NEWEST_DEPLOYMENT}`,
    });
    expect(pages.newest?.id).toBe(NEWEST_DEPLOYMENT);
    expect(ok(report.deployRun)).toMatchObject({ status: "completed", conclusion: "success", headSha: HEAD });
    expect(ok(report.staging).version.commit).toBe(HEAD);
    expect(report.links).toEqual({
      pagesProject: DASHBOARD,
      convexDashboard: `${demo}/dashboards/convex/d/demo-dashtray-123`,
      repository: REPO,
      deployRuns: `${REPO}/actions/workflows/deploy.yml`,
    });
  });

  it("rolled back: Pages serves an older deployment, staging is ahead, with compare links", async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    const report = await version();
    expect(report.status).toBe("drift");
    // A Pages rollback leaves Convex on the newest commit, as with the real services: that is drift too.
    expect(report.drift.map((d) => d.code)).toEqual(["frontend_backend_mismatch", "rolled_back", "staging_differs"]);
    const [, rolledBack, staging] = report.drift;
    expect(rolledBack?.detail).toContain(`Pages serves 54035b60 (commit ${BEFORE.slice(0, 7)})`);
    expect(rolledBack?.link?.href).toBe(`${REPO}/compare/${BEFORE}...${HEAD}`);
    expect(staging).toMatchObject({
      severity: "info",
      title: "Staging is ahead of production",
      link: { href: `${REPO}/compare/${BEFORE}...${HEAD}` },
    });
    expect(ok(report.staging).comparison).toEqual({ status: "ahead", aheadBy: 2, behindBy: 0 });
    expect(ok(report.frontend).commit).toBe(BEFORE);
    expect(ok(report.pages).live?.id).toBe(BEFORE_DEPLOYMENT);
  });

  it("mismatch: frontend and backend on different commits", async () => {
    await setDemo({ versionScenario: "mismatch" });
    const report = await version();
    expect(report.status).toBe("drift");
    expect(report.drift.map((d) => d.code)).toEqual(["frontend_backend_mismatch"]);
    expect(report.drift[0]?.detail).toContain(
      `The app reports ${HEAD.slice(0, 7)}, the Convex backend ${PARENT.slice(0, 7)}`,
    );
  });

  it("a part that cannot be read is reported in its section; the rest still answers", async () => {
    await setDemo({ mode: "down" });
    const report = await version();
    expect(report.frontend.ok).toBe(false);
    expect(report.frontend.ok || report.frontend.error).toMatchObject({
      code: "upstream_error",
      message: expect.stringContaining("HTTP 503"),
    });
    expect(ok(report.pages).live?.id).toBe(NEWEST_DEPLOYMENT);
    expect(report.status).toBe("incomplete");
  });
});

describe("GET /api/rollback in workerd, on the demo", () => {
  it("normal: candidates are successful production deployments, live and last good marked, commands filled in", async () => {
    const report = await rollback();
    const pages = ok(report.pages);
    expect(pages.candidates.map((c) => c.id)).toEqual([
      NEWEST_DEPLOYMENT,
      BEFORE_DEPLOYMENT,
      OLDER_DEPLOYMENT,
      "daedb7b5-c3a8-4719-b103-593c352455cb",
    ]);
    expect(pages.candidates.map((c) => c.id)).not.toContain(FAILED_DEPLOYMENT);
    expect(pages.candidates.every((c) => c.environment === "production")).toBe(true);
    expect(pages.live).toMatchObject({ id: NEWEST_DEPLOYMENT, live: true });
    expect(pages.lastGood).toMatchObject({
      id: BEFORE_DEPLOYMENT,
      lastGood: true,
      dashboardUrl: `${DASHBOARD}/${BEFORE_DEPLOYMENT}`,
    });
    expect(pages.rolledBack).toBe(false);
    expect(pages.commands[0]?.command).toBe(
      `curl -fsS -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \\\n  ${demo}/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray/deployments/${BEFORE_DEPLOYMENT}/rollback`,
    );
    const convex = ok(report.convex);
    expect(convex).toMatchObject({ current: { sha: HEAD }, target: { sha: BEFORE }, upToDate: false });
    expect(convex.commands[0]?.command).toBe(
      `git fetch origin && git worktree add ../dashtray-rollback ${BEFORE} && cd ../dashtray-rollback && npm ci && npx convex deploy`,
    );
    const git = ok(report.git);
    expect(git).toMatchObject({ good: { sha: BEFORE }, bad: { sha: HEAD }, commitCount: 2, mergeCommits: false });
    expect(git.commands.map((c) => c.command)).toContain(`git revert --no-edit ${BEFORE}..${HEAD}`);
    expect(git.compareUrl).toBe(`${REPO}/compare/${BEFORE}...${HEAD}`);
  });

  it("rolled back with a backend left on the newest commit: Convex and Git follow what Pages serves", async () => {
    await setDemo({ pagesScenario: "rolled-back" });
    const report = await rollback();
    const pages = ok(report.pages);
    expect(pages.rolledBack).toBe(true);
    expect(pages.live?.id).toBe(BEFORE_DEPLOYMENT);
    expect(pages.lastGood?.id).toBe(OLDER_DEPLOYMENT);
    expect(pages.commands.map((c) => c.label)).toEqual([
      expect.stringContaining(`Roll Pages back to ca94f0eb (commit ${OLDER.slice(0, 7)})`),
      expect.stringContaining("Roll forward to the newest production deployment 3b3ecbb2"),
      "Confirm what users get (the app's own version)",
    ]);
    expect(ok(report.convex)).toMatchObject({ current: { sha: HEAD }, target: { sha: BEFORE }, upToDate: false });
    expect(ok(report.git)).toMatchObject({ good: { sha: BEFORE }, bad: { sha: HEAD } });
  });

  it("never carries a token, and links only to the demo's own stand-in pages", async () => {
    for (const path of ["/api/rollback?env=demo", "/api/version?env=demo"]) {
      const { text } = await get(path);
      expect(text).not.toContain("demo-token");
      const links = [...text.matchAll(/"(https?:\/\/[^"]+)"/g)].map((m) => new URL(m[1] ?? "").origin);
      const allowed = [demo];
      for (const origin of new Set(links))
        expect(allowed.includes(origin) || origin.endsWith(".dashtray.pages.dev"), origin).toBe(true);
    }
  });
});

describe("errors", () => {
  it.each(["/api/version?env=qa", "/api/rollback?env=qa"])(
    "%s: unknown environment is a 404 JSON error",
    async (path) => {
      const { res, body } = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(body).toEqual({
        error: {
          code: "unknown_environment",
          message: 'environment "qa" is not configured here (available: demo, staging, production)',
        },
      });
    },
  );

  it("a missing env parameter is a 400 that names it", async () => {
    const { res, body } = await get("/api/rollback");
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: { code: "invalid_parameter", message: 'query parameter "env" is required, e.g. ?env=demo' },
    });
  });
});
