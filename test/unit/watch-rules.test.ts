/**
 * The watch Worker's rules in core: when a scheduled check's incident opens, counts and resolves (no
 * flapping), and the config's `schedule` and `analysis` with the errors that name the field.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config/index.ts";
import type { CheckStatus } from "../../src/core/result.ts";
import { failuresInARow, incidentStep } from "../../src/core/uptime/incident-rules.ts";
import { realConfig } from "./support/config.ts";

const rules = { openAfter: 3, resolveAfter: 2 };
/** Runs oldest first, as a person reads them; the rules take them newest first. */
const newestFirst = (...runs: CheckStatus[]) => [...runs].reverse();

describe("incidentStep", () => {
  it.each<[string, CheckStatus[], boolean, ReturnType<typeof incidentStep>]>([
    ["two failures are not an incident", ["pass", "fail", "error"], false, "none"],
    ["the third failure in a row opens one", ["pass", "fail", "error", "fail"], false, "open"],
    ["failures broken by a pass start again", ["fail", "fail", "pass", "fail", "fail"], false, "none"],
    ["warn is up", ["fail", "warn", "fail", "fail"], false, "none"],
    ["another failure while open is counted", ["fail", "fail", "fail", "fail"], true, "count-failure"],
    ["one pass does not resolve", ["fail", "fail", "fail", "pass"], true, "none"],
    ["a pass, a failure, a pass does not resolve (flapping)", ["pass", "fail", "pass"], true, "none"],
    ["two passes in a row resolve", ["fail", "pass", "warn"], true, "resolve"],
    ["no runs, nothing to do", [], false, "none"],
  ])("%s", (_, runs, open, step) => {
    expect(incidentStep(newestFirst(...runs), open, rules)).toBe(step);
  });

  it("counts the failures at the head of the runs", () => {
    expect(failuresInARow(newestFirst("pass", "fail", "error", "fail"))).toBe(3);
    expect(failuresInARow(newestFirst("fail", "pass"))).toBe(0);
  });
});

type Raw = { environments: Record<string, Record<string, unknown>> };
const withDemo = (change: (demo: Record<string, unknown>) => void) => {
  const raw = realConfig() as Raw;
  change(raw.environments.demo as Record<string, unknown>);
  return raw;
};

describe("schedule and analysis in the config", () => {
  it("fills the defaults: production every 5 minutes, 3 failures open, 2 passes resolve; analysis off", () => {
    const production = loadConfig(realConfig()).environments.find((e) => e.id === "production");
    expect(production?.schedule).toEqual({ everySeconds: 300, openAfter: 3, resolveAfter: 2, retentionDays: 8 });
    expect(production?.analysis).toEqual({
      failureLimit: 3,
      autoRollback: { enabled: false, identity: "service:runbook-watch" },
    });
  });

  it("names a scheduled check the environment does not have", () => {
    const raw = withDemo((demo) => {
      demo.schedule = { checks: ["frontend", "nope"] };
    });
    expect(() => loadConfig(raw, { demoOrigin: "http://127.0.0.1:1" })).toThrow(
      /environments\.demo\.schedule\.checks\[1\]: environment "demo" has no check "nope"/,
    );
  });

  it("refuses an automatic rollback whose identity is not allowed to press the rollback", () => {
    const raw = withDemo((demo) => {
      demo.analysis = { autoRollback: { enabled: true, identity: "service:someone-else" } };
    });
    expect(() => loadConfig(raw)).toThrow(
      /environments\.demo\.analysis\.autoRollback\.identity: "service:someone-else" is not on environments\.demo\.rollbackAction\.allow/,
    );
  });

  it("refuses an automatic rollback without the rollback action, and a schedule faster than 10 s", () => {
    const raw = realConfig() as Raw;
    (raw.environments.staging as Record<string, unknown>).analysis = { autoRollback: { enabled: true } };
    (raw.environments.production as Record<string, unknown>).schedule = { everySeconds: 5 };
    expect(() => loadConfig(raw)).toThrow(/environments\.production\.schedule\.everySeconds/);
    (raw.environments.production as Record<string, unknown>).schedule = {};
    (raw.environments.staging as Record<string, unknown>).rollbackAction = undefined;
    expect(() => loadConfig(raw)).toThrow(
      /environments\.staging\.analysis\.autoRollback\.enabled: .*needs rollbackAction\.enabled/,
    );
  });
});
