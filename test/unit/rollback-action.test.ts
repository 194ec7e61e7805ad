import { describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { loadConfig } from "../../src/core/config/load.ts";
import { isAllowed, targetProblem } from "../../src/core/deploy/rollback-action.ts";

describe("the rollback action's allow-list", () => {
  const allow = ["ada@dashtray.example", "@oncall.dashtray.example", "service:ci-bot", "local"];
  it.each([
    ["ada@dashtray.example", true],
    ["ADA@Dashtray.Example", true],
    ["grace@oncall.dashtray.example", true],
    ["grace@evil-oncall.dashtray.example", false],
    ["oncall.dashtray.example@evil.example", false],
    ["mallory@dashtray.example", false],
    ["service:ci-bot", true],
    ["service:other-bot", false],
    ["local", true],
  ])("%s → %s", (actor, expected) => {
    expect(isAllowed(actor, allow)).toBe(expected);
  });

  it("local is allowed only where the list says so", () => {
    expect(isAllowed("local", ["@dashtray.example"])).toBe(false);
  });
});

describe("which deployment may be rolled back to", () => {
  const live = { id: "live", shortId: "live0000", createdOn: "2026-11-26T09:00:00Z" };
  const good = {
    id: "good",
    shortId: "good0000",
    environment: "production",
    createdOn: "2026-11-24T09:00:00Z",
    stage: { name: "deploy", status: "success" },
  };
  it("a successful production deployment older than the live one: yes", () => {
    expect(targetProblem(good, live)).toBeUndefined();
  });
  it.each([
    [{ environment: "preview" }, "target_preview"],
    [{ stage: { name: "deploy", status: "failure" } }, "target_failed"],
    [{ stage: { name: "build", status: "success" } }, "target_failed"],
    [{ id: "live" }, "target_not_older"],
    [{ createdOn: "2026-11-27T09:00:00Z" }, "target_not_older"],
  ])("%o: %s", (change, code) => {
    expect(targetProblem({ ...good, ...change }, live)?.code).toBe(code);
  });
});

describe("the shipped config", () => {
  it("enables the action on the demo only, with its own write token binding", () => {
    const { environments } = loadConfig(rawConfig, { demoOrigin: "http://127.0.0.1:8790" });
    const enabled = environments.filter((e) => e.rollbackAction?.enabled).map((e) => e.id);
    expect(enabled).toEqual(["demo"]);
    const demo = environments.find((e) => e.id === "demo");
    expect(demo?.rollbackAction?.writeTokenVariable).toBe("DEMO_CLOUDFLARE_WRITE_TOKEN");
    expect(demo?.rollbackAction?.writeTokenVariable).not.toBe(demo?.cloudflare?.tokenVariable);
    const production = environments.find((e) => e.id === "production");
    expect(production?.rollbackAction?.writeTokenVariable).toBe("CLOUDFLARE_PAGES_WRITE_TOKEN");
  });
});
