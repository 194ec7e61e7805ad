import { describe, expect, it } from "vitest";
import { keepRows, keptDays, retentionRules } from "../../src/server/history/retention.ts";
import { bindingRateLimiter, rateLimiter } from "../../src/server/lib/rate-limit.ts";

describe("retention rules", () => {
  it("keeps audit rows, check results and monitor samples, each with its own binding", () => {
    expect(retentionRules().map((r) => [r.table, r.days, r.binding])).toEqual(
      expect.arrayContaining([
        ["audit", 90, "RUNBOOK_AUDIT_RETENTION_DAYS"],
        ["check_results", 365, "RUNBOOK_CHECK_RESULTS_RETENTION_DAYS"],
        ["monitor_samples", 90, "RUNBOOK_MONITOR_RETENTION_DAYS"],
      ]),
    );
  });

  it("takes a binding's whole days from 1 to 3650 and names the binding otherwise", () => {
    const rule = { table: "audit", column: "at", days: 90, binding: "RUNBOOK_AUDIT_RETENTION_DAYS" };
    expect(keptDays(rule, {})).toBe(90);
    expect(keptDays(rule, { RUNBOOK_AUDIT_RETENTION_DAYS: "30" })).toBe(30);
    expect(() => keptDays(rule, { RUNBOOK_AUDIT_RETENTION_DAYS: "0" })).toThrow(
      'RUNBOOK_AUDIT_RETENTION_DAYS: expected whole days from 1 to 3650, got "0"',
    );
  });

  it("refuses a table or column that is not a plain name (they are written into SQL)", () => {
    expect(() => keepRows({ table: "audit; DROP TABLE notes", column: "at", days: 1 })).toThrow(/plain table/);
    expect(() => keepRows({ table: "audit", column: "at --", days: 1 })).toThrow(/plain table/);
  });
});

describe("writes and runs counted apart by the same limiter", () => {
  it("keys the Rate Limiting binding by what it counts", async () => {
    const keys: string[] = [];
    const binding = {
      async limit({ key }: { key: string }) {
        keys.push(key);
        return { success: true };
      },
    };
    const fallback = rateLimiter({ limit: 1, windowMs: 60_000 });
    await bindingRateLimiter(binding, { periodMs: 60_000, fallback }).take("user:ana");
    await bindingRateLimiter(binding, { periodMs: 60_000, fallback, counts: "writes" }).take("user:ana");
    expect(keys).toEqual(["runs:user:ana", "writes:user:ana"]);
  });
});
