import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.ts";

const NONE = {
  json: false,
  reporters: [],
  window: false,
  record: false,
  recordRequired: false,
  watch: false,
  restart: false,
  help: false,
};

describe("verify arguments", () => {
  it("reads every flag, with separate or inline values", () => {
    expect(
      parseArgs([
        "--env",
        "demo",
        "--check=frontend",
        "--json",
        "--config",
        "x.json",
        "--demo-origin=http://127.0.0.1:1",
      ]),
    ).toEqual({
      ok: true,
      args: { ...NONE, env: "demo", check: "frontend", json: true, config: "x.json", demoOrigin: "http://127.0.0.1:1" },
    });
    expect(parseArgs(["-h"])).toEqual({ ok: true, args: { ...NONE, help: true } });
  });

  it("reads reporters in order, and the window and recording flags", () => {
    expect(
      parseArgs([
        "--reporter",
        "text",
        "--reporter=junit=out/report.xml",
        "--window",
        "--override-window",
        "hotfix for INC-12",
        "--record",
        "--runbook=https://runbook.example",
        "--commit",
        "abc1234",
        "--finish",
        "succeeded",
        "--record-required",
      ]),
    ).toEqual({
      ok: true,
      args: {
        ...NONE,
        reporters: ["text", "junit=out/report.xml"],
        window: true,
        overrideWindow: "hotfix for INC-12",
        record: true,
        runbook: "https://runbook.example",
        commit: "abc1234",
        finish: "succeeded",
        recordRequired: true,
      },
    });
  });

  it("names what is wrong", () => {
    expect(parseArgs(["--env"])).toEqual({ ok: false, message: "--env needs a value" });
    expect(parseArgs(["--reporter"])).toEqual({ ok: false, message: "--reporter needs a value" });
    expect(parseArgs(["--env", "a", "--env", "b"])).toEqual({ ok: false, message: "--env was given more than once" });
    expect(parseArgs(["--record=yes"])).toEqual({ ok: false, message: '--record takes no value (got "--record=yes")' });
    expect(parseArgs(["--env="])).toEqual({ ok: false, message: "--env needs a value" });
    expect(parseArgs(["--json=yes"])).toEqual({ ok: false, message: '--json takes no value (got "--json=yes")' });
    expect(parseArgs(["production"])).toMatchObject({
      ok: false,
      message: expect.stringContaining('unexpected argument "production"'),
    });
    expect(parseArgs(["-e", "demo"])).toMatchObject({
      ok: false,
      message: expect.stringContaining('unknown flag "-e"'),
    });
  });
});
