import { afterEach, describe, expect, inject, it } from "vitest";
import {
  type RollbackReport,
  rollbackReport,
  type VersionReport,
  versionReport,
} from "../../src/core/deploy/schemas.ts";
import { demoCounts, resetDemo, setDemo } from "../support/demo.ts";

// The demo's history (src/demo/history.ts, src/demo/deployment-pages.ts): `rollbackScenario` puts a
// run of failed production deploys between the live deployment and the last good one.
const LIVE = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";
const LAST_GOOD = "54035b60-8935-4af3-8315-b5c5f41b494d";
const BEFORE_LAST_GOOD = "ca94f0eb-4a61-460c-9ce8-384eb946d55d";
const LIST_ROUTE = "GET /cloudflare/client/v4/accounts/:account/pages/projects/:project/deployments";

const site = inject("siteUrl");
afterEach(() => resetDemo());

async function rollback(): Promise<RollbackReport> {
  const res = await fetch(`${site}/api/rollback?env=demo`);
  expect(res.status).toBe(200);
  return rollbackReport.parse(await res.json());
}

async function version(): Promise<VersionReport> {
  const res = await fetch(`${site}/api/version?env=demo`);
  expect(res.status).toBe(200);
  return versionReport.parse(await res.json());
}

function ok<T>(section: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!section.ok) throw new Error(`section failed: ${section.error.message}`);
  return section.data;
}

describe("GET /api/rollback reads the Pages list page by page (workerd, demo)", () => {
  it.each([
    ["page-1", 1],
    ["page-2", 2],
    ["page-5", 5],
  ] as const)(
    "%s: the last good deployment is found on page %i, and no page after it is read",
    async (scenario, page) => {
      await setDemo({ rollbackScenario: scenario });
      const pages = ok((await rollback()).pages);
      expect(pages.live?.id).toBe(LIVE);
      expect(pages.lastGood?.id).toBe(LAST_GOOD);
      expect(pages.searched).toMatchObject({ pages: page, complete: true });
      expect((await demoCounts())[LIST_ROUTE]).toBe(page);
    },
  );

  it("page-5, rolled back: the live deployment itself is on page 5, and the one before it too", async () => {
    await setDemo({ rollbackScenario: "page-5", pagesScenario: "rolled-back" });
    const report = await rollback();
    const pages = ok(report.pages);
    expect(pages.rolledBack).toBe(true);
    expect(pages.live?.id).toBe(LAST_GOOD);
    expect(pages.lastGood?.id).toBe(BEFORE_LAST_GOOD);
    expect(pages.newest?.id).toBe(LIVE);
    expect(pages.searched?.pages).toBe(5);
  });

  it("beyond-bound: reads 200 deployments (8 pages of 25), stops, and says how far it looked", async () => {
    await setDemo({ rollbackScenario: "beyond-bound" });
    const report = await rollback();
    const pages = ok(report.pages);
    expect(pages.live?.id).toBe(LIVE);
    expect(pages.lastGood).toBeNull();
    expect(pages.searched).toMatchObject({ deployments: 200, pages: 8, complete: false });
    expect(pages.searched?.summary).toContain("cloudflare.maxDeployments in runbook.config.json");
    expect((await demoCounts())[LIST_ROUTE]).toBe(8);
    for (const part of [report.git, report.convex]) {
      expect(part.ok).toBe(false);
      if (part.ok) continue;
      expect(part.error.code).toBe("no_target");
      expect(part.error.message).toContain("in the newest 200");
      expect(part.error.message).not.toContain("nothing earlier to go back to");
    }
  });

  it("the version panel reads the same way: page 5 found, and it says how far it read", async () => {
    await setDemo({ rollbackScenario: "page-5" });
    const pages = ok((await version()).pages);
    expect(pages.live?.id).toBe(LIVE);
    expect(pages.searched).toMatchObject({ pages: 5, complete: true });
  });
});

describe("GitHub's secondary rate limit is not a permission problem (workerd, demo)", () => {
  it("a 403 with retry-after while requests remain: rate_limited with the wait, the token called fine", async () => {
    await setDemo({ githubApi: "secondary-rate-limited" });
    const run = (await version()).deployRun;
    expect(run.ok).toBe(false);
    if (run.ok) return;
    expect(run.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 30 });
    expect(run.error.message).toContain("secondary rate limit");
    expect(run.error.message).toContain("the token and its permissions are fine");
    expect(run.error.message).not.toContain("Actions: Read");
  });
});
