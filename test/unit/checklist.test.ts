import { describe, expect, it } from "vitest";
import {
  applyCheckResult,
  emptyChecklist,
  itemKey,
  itemLabel,
  setTick,
  withUniqueKeys,
} from "../../src/components/checklist/checklist.ts";
import { checklistIdOf } from "../../src/components/deployment-record/record-checklists.ts";
import {
  type ChecklistState,
  checklistStorageKey,
  currentDeploymentFrom,
  defaultDeployment,
  deploymentKey,
  newDeployment,
  parseChecklistState,
  progress,
} from "../../src/components/shared/deployment.ts";

// Local times: the deployment names follow the reader's clock, whatever the machine's time zone.
const at = (y: number, m: number, d: number, hh = 0, mm = 0, ss = 0) => new Date(y, m - 1, d, hh, mm, ss);

const monitoring = withUniqueKeys([
  { label: "Uptime monitoring is active" },
  { label: "Webhook delivery is working", check: "webhook-endpoint" },
  { label: "API endpoints are responding", check: "api-plans" },
]);

function state(ticked: ChecklistState["ticked"] = {}): ChecklistState {
  return { ...emptyChecklist("monitoring", "Monitoring Checklist", "production/2026-11-26", monitoring), ticked };
}

describe("deployments", () => {
  it("defaults to the environment and today's date, from local midnight", () => {
    const d = defaultDeployment("production", at(2026, 11, 26, 14, 5));
    expect(d).toEqual({
      environment: "production",
      name: "2026-11-26",
      startedAt: at(2026, 11, 26).toISOString(),
      explicit: false,
    });
    expect(deploymentKey(d)).toBe("production/2026-11-26");
  });

  it("names a new deployment by the minute, and never reuses the current name", () => {
    const first = newDeployment("staging", at(2026, 11, 26, 9, 7, 30));
    expect(first.name).toBe("2026-11-26 09:07");
    expect(first.explicit).toBe(true);
    expect(first.startedAt).toBe(at(2026, 11, 26, 9, 7, 30).toISOString());
    const again = newDeployment("staging", at(2026, 11, 26, 9, 7, 45), first);
    expect(again.name).toBe("2026-11-26 09:07:45");
    expect(newDeployment("staging", at(2026, 11, 26, 9, 7, 45), again).name).toMatch(/^2026-11-26 09:07:45\.\d{3}$/);
  });

  it("uses a stored deployment, and falls back to the day's default for anything else", () => {
    const now = at(2026, 11, 27, 8);
    expect(
      currentDeploymentFrom({ name: "2026-11-26 16:00", startedAt: "2026-11-26T16:00:00.000Z" }, "production", now),
    ).toEqual({
      environment: "production",
      name: "2026-11-26 16:00",
      startedAt: "2026-11-26T16:00:00.000Z",
      explicit: true,
    });
    for (const bad of [
      null,
      "2026",
      {},
      { name: "", startedAt: "2026-11-26T16:00:00.000Z" },
      { name: "x", startedAt: "yesterday" },
    ])
      expect(currentDeploymentFrom(bad, "production", now)).toEqual(defaultDeployment("production", now));
  });

  it("keys checklists by id and deployment, and finds the id of a key again", () => {
    const key = checklistStorageKey("monitoring", "production/2026-11-26 14:05");
    expect(key).toBe("dashtray-runbook:checklist:monitoring:production/2026-11-26 14:05");
    expect(checklistIdOf(key, "production/2026-11-26 14:05")).toBe("monitoring");
    expect(checklistIdOf(key, "production/2026-11-26")).toBeUndefined();
    expect(checklistIdOf("dashtray-runbook:environment", "production/2026-11-26")).toBeUndefined();
  });
});

describe("items", () => {
  it("labels an item by its first line, up to the dash that starts its explanation", () => {
    expect(itemLabel("  Monitor error logs — error tracking and\n  `npx convex logs`")).toBe("Monitor error logs");
    expect(itemLabel(" Uptime monitoring\n is active ")).toBe("Uptime monitoring is active");
    expect(itemLabel("Pre-deploy—no spaces")).toBe("Pre-deploy—no spaces");
  });

  it("keys items by label, unique within a list", () => {
    expect(itemKey("API endpoints are responding")).toBe("api-endpoints-are-responding");
    expect(itemKey("Café: 100% ✓")).toBe("cafe-100");
    expect(itemKey("✓")).toBe("item");
    expect(withUniqueKeys([{ label: "Check" }, { label: "check" }, { label: "Other" }]).map((i) => i.key)).toEqual([
      "check",
      "check-2",
      "other",
    ]);
  });
});

describe("ticks and progress", () => {
  it("counts ticked items that are on the page", () => {
    expect(progress(state()).text).toBe("0 of 3 done");
    const ticked = state({ "uptime-monitoring-is-active": { at: "t" }, "gone-item": { at: "t" } });
    expect(progress(ticked)).toEqual({ done: 1, total: 3, text: "1 of 3 done" });
  });

  it("ticks and unticks without changing the state it was given", () => {
    const before = state();
    const now = at(2026, 11, 26, 14);
    const after = setTick(before, "uptime-monitoring-is-active", { at: "2026-11-26T14:00:00.000Z" }, now);
    expect(before.ticked).toEqual({});
    expect(after.ticked).toEqual({ "uptime-monitoring-is-active": { at: "2026-11-26T14:00:00.000Z" } });
    expect(after.updatedAt).toBe(now.toISOString());
    expect(setTick(after, "uptime-monitoring-is-active", undefined, now).ticked).toEqual({});
  });

  it("reads back what it stores and rejects what is not a checklist", () => {
    const stored = setTick(
      state(),
      "api-endpoints-are-responding",
      { at: "2026-11-26T14:00:00.000Z", check: "api-plans" },
      new Date(0),
    );
    expect(parseChecklistState(JSON.stringify(stored))).toEqual(stored);
    for (const bad of [
      null,
      "",
      "{",
      "[]",
      '"x"',
      '{"id":"monitoring"}',
      '{"id":1,"deployment":"d","items":[],"ticked":{}}',
    ])
      expect(parseChecklistState(bad)).toBeUndefined();
    const messy = parseChecklistState(
      JSON.stringify({
        id: "m",
        deployment: "d",
        items: [{ key: "a", label: "A" }, { key: 1 }],
        ticked: { a: { at: "t" }, b: {} },
      }),
    );
    expect(messy).toEqual({
      id: "m",
      title: "m",
      deployment: "d",
      items: [{ key: "a", label: "A" }],
      ticked: { a: { at: "t" } },
      updatedAt: "",
    });
  });
});

describe("linked checks", () => {
  const now = at(2026, 11, 26, 14, 30);
  const pass = {
    checkId: "api-plans",
    environment: "production",
    status: "pass",
    checkedAt: "2026-11-26T14:29:00.000Z",
  };

  it("ticks the item holding the check when it passes in the checklist's environment", () => {
    const next = applyCheckResult(state(), pass, "production", now);
    expect(next.ticked).toEqual({
      "api-endpoints-are-responding": { at: "2026-11-26T14:29:00.000Z", check: "api-plans" },
    });
    expect(progress(next).text).toBe("1 of 3 done");
  });

  it("ignores other environments, other checks, and results that are not a pass", () => {
    const before = state();
    expect(applyCheckResult(before, { ...pass, environment: "staging" }, "production", now)).toBe(before);
    expect(applyCheckResult(before, { ...pass, checkId: "frontend" }, "production", now)).toBe(before);
    for (const status of ["warn", "fail", "error"])
      expect(applyCheckResult(before, { ...pass, status }, "production", now)).toBe(before);
  });

  it("keeps a person's tick when the check passes, and when it later fails", () => {
    const manual = state({ "api-endpoints-are-responding": { at: "2026-11-26T14:00:00.000Z" } });
    expect(applyCheckResult(manual, pass, "production", now)).toBe(manual);
    expect(applyCheckResult(manual, { ...pass, status: "fail" }, "production", now)).toBe(manual);
  });

  it("unticks what the check ticked when it fails, but not when it could not run", () => {
    const auto = applyCheckResult(state(), pass, "production", now);
    expect(applyCheckResult(auto, { ...pass, status: "error" }, "production", now)).toBe(auto);
    expect(applyCheckResult(auto, { ...pass, status: "fail" }, "production", now).ticked).toEqual({});
  });
});
