import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.ts";

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
      args: {
        env: "demo",
        check: "frontend",
        json: true,
        config: "x.json",
        demoOrigin: "http://127.0.0.1:1",
        help: false,
      },
    });
    expect(parseArgs(["-h"])).toEqual({ ok: true, args: { json: false, help: true } });
  });

  it("names what is wrong", () => {
    expect(parseArgs(["--env"])).toEqual({ ok: false, message: "--env needs a value" });
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
