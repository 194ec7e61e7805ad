import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/processes.ts";
import * as auditShapes from "../../src/components/shared/audit-shapes.ts";
import * as historyShapes from "../../src/components/shared/history-shapes.ts";
import { auditWriter, type FileWriter, historyWriter } from "../../src/core/history/export.ts";
import * as schemas from "../../src/core/history/schemas.ts";
import { MIGRATIONS } from "../../src/server/history/database.ts";
import { retentionDays } from "../../src/server/middleware/audit.ts";

const guards = { ...historyShapes, ...auditShapes };

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

/** A whole file from a writer: head, the rows in pages of two, end marker. */
function file<T>(writer: FileWriter<T>, rows: T[]): string {
  let out = writer.head;
  for (let i = 0; i < rows.length; i += 2) out += writer.rows(rows.slice(i, i + 2), i);
  return out + writer.end(rows.length);
}

describe("history exports", () => {
  it("keeps a note from breaking a Markdown table or running as a spreadsheet formula", () => {
    const md = file(historyWriter("production", "md"), [deployment]);
    expect(md).toContain(
      '| 2026-11-26T14:05:00.000Z | 1.2.3 (0123456789ab) |  | ana\\@dashtray.example | rolled back | webhooks \\| failed rolled back / =HYPERLINK("x") |',
    );
    expect(md.trimEnd().split("\n").at(-1)).toBe("_End of export: 1 rows._");
    const csv = file(historyWriter("production", "csv"), [deployment]).split("\r\n");
    expect(csv[1]).toBe(
      '"2026-11-26T14:05:00.000Z","1.2.3 (0123456789ab)","","ana@dashtray.example","rolled back","webhooks | failed\nrolled back / =HYPERLINK(""x"")"',
    );
    expect(csv[2]).toBe('"# end of export","1 rows"');
  });

  it("counts the notes a list leaves out, and says so in the row", () => {
    const many = { ...deployment, notes: ["first"], notesCount: 5000 };
    const csv = file(historyWriter("production", "csv"), [many]);
    expect(csv).toContain("first / (4999 more notes in deployment 7's own export)");
  });

  it("JSON parses only when whole, and a failed export says so", () => {
    const writer = historyWriter("production", "json");
    const whole = file(writer, [deployment, deployment, deployment]);
    expect(JSON.parse(whole)).toMatchObject({ environment: "production", complete: true, count: 3 });
    expect(() => JSON.parse(whole.slice(0, -20))).toThrow();
    const failed = writer.head + writer.rows([deployment], 0) + writer.failed("D1 went away", 1);
    expect(JSON.parse(failed)).toMatchObject({ complete: false, count: 1, error: { code: "export_failed" } });
    const audit = auditWriter("csv", { person: "ana" });
    expect(audit.failed("D1 went away", 7)).toBe(
      '"# export failed","D1 went away; this file is incomplete after 7 rows"\r\n',
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
