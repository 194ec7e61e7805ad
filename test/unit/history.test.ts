import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/processes.ts";
import * as guards from "../../src/components/shared/history-shapes.ts";
import { csvField, historyFile, markdownCell } from "../../src/core/history/export.ts";
import * as schemas from "../../src/core/history/schemas.ts";
import { MIGRATIONS } from "../../src/server/history/database.ts";
import { retentionDays } from "../../src/server/middleware/audit.ts";

const deployment: schemas.DeploymentSummary = {
  id: 7,
  environment: "production",
  targetCommit: "0123456789abcdef0123456789abcdef01234567",
  version: "1.2.3",
  convexVersion: null,
  startedBy: "ana@dashtray.example",
  startedAt: "2026-11-26T14:05:00.000Z",
  status: "rolled_back",
  finishedBy: "ana@dashtray.example",
  finishedAt: "2026-11-26T14:45:00.000Z",
  notes: ["webhooks | failed\nrolled back", '=HYPERLINK("x")'],
};

describe("the history's migrations and contract", () => {
  it("knows every migration in migrations/, in order", () => {
    const files = readdirSync(join(root, "migrations"))
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect([...MIGRATIONS]).toEqual(files);
  });

  it("holds the widgets' guards to the zod schemas, and each guard refuses a broken answer", () => {
    const detail = {
      deployment,
      ticks: [
        {
          checklist: "monitoring",
          item: "a",
          label: "A",
          ticked: true,
          by: "local",
          at: deployment.startedAt,
          checkId: null,
        },
      ],
      notes: [{ id: 1, text: "hi", by: "local", at: deployment.startedAt }],
      checks: [
        {
          checkId: "app-health",
          source: "check",
          status: "pass",
          summary: "ok",
          checkedAt: deployment.startedAt,
          by: "local",
          at: deployment.startedAt,
        },
      ],
    };
    const list = { environment: "production", current: 7, deployments: [deployment], next: null };
    const audit = {
      entries: [
        {
          id: 1,
          at: deployment.startedAt,
          actor: "local",
          environment: null,
          kind: "check",
          target: "x",
          outcome: "pass",
          httpStatus: 200,
          durationMs: 3,
        },
      ],
      next: null,
    };
    for (const [guard, schema, value, broken] of [
      [guards.deploymentDetail, schemas.deploymentDetail, detail, { ...detail, notes: [{ id: "1" }] }],
      [guards.deploymentList, schemas.deploymentList, list, { ...list, current: "7" }],
      [guards.auditList, schemas.auditList, audit, { entries: [{ id: 1 }], next: null }],
    ] as const) {
      expect(schema.safeParse(value).success).toBe(true);
      expect(guard.safeParse(value).success).toBe(true);
      expect(schema.safeParse(broken).success).toBe(false);
      expect(guard.safeParse(broken).success).toBe(false);
    }
  });
});

describe("history exports", () => {
  it("keeps a note from breaking a Markdown table or running as a spreadsheet formula", () => {
    expect(markdownCell("a | b\nc <b>")).toBe("a \\| b c &lt;b&gt;");
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("plain")).toBe("plain");
    const md = historyFile("production", [deployment], "md");
    expect(md).toContain(
      '| 2026-11-26T14:05:00.000Z | 1.2.3 (0123456789ab) |  | ana@dashtray.example | rolled back | webhooks \\| failed rolled back / =HYPERLINK("x") |',
    );
    const csv = historyFile("production", [deployment], "csv").split("\r\n");
    expect(csv[1]).toBe(
      '2026-11-26T14:05:00.000Z,1.2.3 (0123456789ab),,ana@dashtray.example,rolled back,"webhooks | failed\nrolled back / =HYPERLINK(""x"")"',
    );
  });
});

describe("audit retention", () => {
  it("defaults to 90 days and names the variable when the value is bad", () => {
    expect(retentionDays(undefined)).toBe(90);
    expect(retentionDays("30")).toBe(30);
    expect(() => retentionDays("0")).toThrow(
      'RUNBOOK_AUDIT_RETENTION_DAYS: expected whole days from 1 to 3650, got "0"',
    );
    expect(() => retentionDays("ninety")).toThrow(/RUNBOOK_AUDIT_RETENTION_DAYS/);
  });
});
