// The seeded deployment log tells the demo's own story: every commit it names is one of the demo
// Dashtray's commits, with the version and time of the Pages deployment that commit produced.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_SHIFT_DAYS, demoShiftDays } from "../../src/demo/clock.ts";
import { DEMO_DEPLOYMENTS, findCommit } from "../../src/demo/history.ts";

const seed = readFileSync(new URL("../../scripts/seed/demo-history.sql", import.meta.url), "utf8");
const rows = [
  ...seed.matchAll(
    /'([0-9a-f]{40})'(?: AS target_commit)?, '([^']+)'(?: AS version)?, '([0-9a-f]{7})'(?: AS convex_version)?,\s*'[^']+'(?: AS started_by)?, '([^']+)'/g,
  ),
].map(([, commit, version, convex, recorded]) => ({
  commit,
  version,
  convex,
  // The seed moves its recorded times forward by the demo's whole days, as the demo does.
  startedAt: new Date(Date.parse(recorded ?? "") + DEMO_SHIFT_DAYS * 86_400_000).toISOString(),
}));

describe("the seeded deployment log", () => {
  it("names only the demo's commits, with the version and time of their Pages deployment", () => {
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      const commit = findCommit(row.commit ?? "");
      expect(commit, `${row.commit} is a demo commit`).toBeDefined();
      const deployment = DEMO_DEPLOYMENTS.find((d) => d.environment === "production" && d.commitSha === row.commit);
      expect(deployment?.version, `${row.commit}'s Pages deployment`).toBe(row.version);
      expect(row.commit?.startsWith(row.convex ?? "-")).toBe(true);
      // Started after the commit, before its Pages deployment finished.
      expect(Date.parse(row.startedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(commit?.date ?? ""));
      expect(Date.parse(row.startedAt ?? "")).toBeLessThan(Date.parse(deployment?.createdOn ?? ""));
    }
  });

  it("moves by the demo's formula: the seed's day count is the demo's", () => {
    expect(seed).toContain("julianday('2026-11-26T10:01:12Z')");
    const now = Date.parse("2026-12-06T09:30:00Z");
    // From the newest recorded deployment plus an hour, whole days: 9 on this morning, 0 before it.
    expect(demoShiftDays(now)).toBe(9);
    expect(demoShiftDays(Date.parse("2026-11-26T10:00:00Z"))).toBe(0);
  });

  it("ends with what the demo serves by default, its newest production deployment", () => {
    const newest = DEMO_DEPLOYMENTS.find((d) => d.environment === "production" && d.stage.status === "success");
    expect(rows.at(-1)?.commit).toBe(newest?.commitSha);
  });
});
