/**
 * The deployment record's routes through the real Function in workerd: `GET /api/record/live` fills the
 * version fields from the demo's live answers, and `POST /api/record/markdown` writes the record the
 * Version Tracking widget sends as the template's Markdown, upstream and reader text kept inert; a bad
 * record is refused naming the field.
 */
import { describe, expect, inject, it } from "vitest";

const site = inject("siteUrl");

const record = {
  environment: "production",
  deployment: { name: "2026-11-26 14:00", key: "production/2026-11-26 14:00", startedAt: "2026-11-26T14:00:00.000Z" },
  time: "2026-11-26T14:03:00.000Z",
  deployedBy: "Ada Lovelace",
  rollbackOwner: "",
  version: {
    frontendCommit: "9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a393f2a",
    frontendVersion: "1.42.0",
    pagesDeploymentId: "",
    pagesDeploymentUrl: "",
    backendCommit: "",
    convexDeployment: "",
    deployRunUrl: "https://evil.example/run",
    compareUrl: "",
    rollbackPagesDeployment: "",
    rollbackCommit: "",
    rollbackConvexCommit: "",
  },
  repositoryUrl: "https://github.com/dashtray/dashtray",
  checks: [
    {
      checkId: "api-plans",
      environment: "production",
      status: "pass",
      title: "Plans API",
      summary: "200 in 140 ms | ![x](https://evil.example/i.png)",
      checkedAt: "2026-11-26T14:11:00.000Z",
      source: "verify-all",
      latencyMs: 140,
    },
  ],
  checklists: [],
  rolledBack: "no",
  notes: "<img src=x onerror=alert(1)>",
  exportedAt: "2026-11-26T15:00:00.000Z",
};

const post = (body: unknown) =>
  fetch(`${site}/api/record/markdown`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("POST /api/record/markdown", () => {
  it("writes the record as the Version Tracking template, every value inert", async () => {
    const res = await post(record);
    expect(res.status).toBe(200);
    const { markdown } = (await res.json()) as { markdown: string };
    expect(markdown).toMatch(/^## Deployment 2026-11-26 14:03 UTC\n/);
    expect(markdown).toContain(
      "- Frontend commit: 9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a393f2a (<https://github.com/dashtray/dashtray/commit/9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a393f2a>), version 1.42.0\n",
    );
    // Off the configured repository a URL stays code; a summary keeps to its cell; a note's HTML stays text.
    expect(markdown).toContain("- GitHub Actions run: `https://evil.example/run`\n");
    expect(markdown).toContain(
      "| Plans API (`api-plans`) | ✅ pass | 2026-11-26 14:11 UTC (Verify all) | 200 in 140 ms \\| \\!\\[x\\]",
    );
    expect(markdown).toContain("\\<img src=x onerror=alert(1)\\>");
  });

  it("refuses a record with a bad field, naming it", async () => {
    const res = await post({ ...record, checks: [{ ...record.checks[0], status: "maybe" }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/^checks\.0\.status: /);
    const missing = await post({ ...record, notes: undefined });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^notes: /);
  });
});

describe("GET /api/record/live", () => {
  it("gives the record's version and rollback fields as /api/version and /api/rollback say them", async () => {
    const [live, version] = await Promise.all(
      ["/api/record/live?env=demo", "/api/version?env=demo"].map(async (path) =>
        (await fetch(`${site}${path}`)).json(),
      ),
    );
    const { values, repository } = live as { values: Record<string, string>; repository: string | null };
    const { frontend, links } = version as {
      frontend: { ok: boolean; data: { commit: string } };
      links: { repository?: string };
    };
    expect(frontend.ok).toBe(true);
    expect(values.frontendCommit).toBe(frontend.data.commit);
    expect(repository).toBe(links.repository ?? null);
    expect(Object.values(values).every((v) => typeof v === "string" && v !== "")).toBe(true);
  });

  it("refuses an unknown environment", async () => {
    const res = await fetch(`${site}/api/record/live?env=nowhere`);
    expect(res.status).toBe(404);
  });
});
