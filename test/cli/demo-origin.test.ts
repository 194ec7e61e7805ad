import { describe, expect, it } from "vitest";
import { chooseDemoOrigin, demoOriginNote } from "../../src/cli/demo-origin.ts";

describe("the demo origin of verify --env demo", () => {
  it("is npm start's address when nothing names one", () => {
    const demo = chooseDemoOrigin(undefined, {});
    expect(demo).toEqual({ origin: "http://127.0.0.1:8790", from: "npm start's default" });
    expect(demoOriginNote(demo)).toBe(
      "Demo Dashtray: http://127.0.0.1:8790 (where `npm start` runs it; DEMO_PORT or --demo-origin name another)",
    );
  });

  it("follows DEMO_PORT, then RUNBOOK_DEMO_ORIGIN, then --demo-origin", () => {
    expect(chooseDemoOrigin(undefined, { DEMO_PORT: "9100" })).toEqual({
      origin: "http://127.0.0.1:9100",
      from: "DEMO_PORT",
    });
    expect(chooseDemoOrigin(undefined, { DEMO_PORT: "9100", RUNBOOK_DEMO_ORIGIN: "http://10.0.0.2:1" }).from).toBe(
      "RUNBOOK_DEMO_ORIGIN",
    );
    const flagged = chooseDemoOrigin("http://10.0.0.3:2", {
      DEMO_PORT: "9100",
      RUNBOOK_DEMO_ORIGIN: "http://10.0.0.2:1",
    });
    expect(flagged).toEqual({ origin: "http://10.0.0.3:2", from: "--demo-origin" });
    expect(demoOriginNote(flagged)).toBeUndefined();
  });

  it("an empty DEMO_PORT counts as unset; a port out of range is an error naming it", () => {
    expect(chooseDemoOrigin(undefined, { DEMO_PORT: "" }).origin).toBe("http://127.0.0.1:8790");
    expect(() => chooseDemoOrigin(undefined, { DEMO_PORT: "0" })).toThrow(
      'DEMO_PORT: expected a port number from 1 to 65535, got "0"',
    );
    expect(() => chooseDemoOrigin(undefined, { DEMO_PORT: "70000" })).toThrow(
      'DEMO_PORT: expected a port number from 1 to 65535, got "70000"',
    );
  });
});
