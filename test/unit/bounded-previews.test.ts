import { describe, expect, it } from "vitest";
import { evaluateResponse } from "../../src/core/checks/assertions.ts";
import { previewJson } from "../../src/core/checks/preview.ts";
import type { ProbeResponse } from "../../src/core/checks/probe.ts";
import { parseCheck } from "../../src/core/config/load.ts";

function response(body: string): ProbeResponse {
  return {
    kind: "response",
    status: 200,
    headers: { "content-type": "application/json" },
    contentType: "application/json",
    body,
    bytes: body.length,
    latencyMs: 5,
    redirects: 0,
    finalUrl: "https://app.example.com/",
  };
}

const DEEP = 200_000;
const deepArray = `{"data":${"[".repeat(DEEP)}${"]".repeat(DEEP)},"name":"app"}`;

function evaluate(assertions: Record<string, unknown>[], body: string, kind?: "health") {
  return evaluateResponse(
    parseCheck({ id: "c", title: "C", target: "app", ...(kind && { kind }), assertions }),
    response(body),
  );
}

describe("bounded previews and patterns (hostile bodies)", () => {
  it("a JSON value 200,000 levels deep is shown cut at a few levels, not by overflowing the stack", () => {
    const [json] = evaluate([{ type: "json", path: "data", op: "equals", value: 1 }], deepArray).slice(1);
    expect(json).toMatchObject({ label: "JSON data", status: "fail", expected: "= 1" });
    expect(json?.actual).toMatch(/^\[{2,8}…\]{2,8}$/);
  });

  it("`notExists` on a deep value and a deep health document stay in their own rows", () => {
    const rows = evaluate(
      [
        { type: "json", path: "data", op: "notExists" },
        { type: "json", path: "name", op: "equals", value: "app" },
      ],
      deepArray,
    );
    expect(rows.map((r) => r.status)).toEqual(["pass", "fail", "pass"]);
    expect(rows[1]?.actual.length).toBeLessThanOrEqual(140);
    const health = evaluate([], `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`, "health");
    expect(health.some((r) => r.status === "fail")).toBe(true);
  });

  it("previews are at most 120 characters however wide the value", () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, "v".repeat(1000)]));
    const shown = previewJson(wide);
    expect(shown.length).toBeLessThanOrEqual(121);
    expect(shown.endsWith("…")).toBe(true);
  });

  it.each([
    ["(a+)+$", "nested quantifier"],
    ["^(\\w*)*x", "nested star"],
    ["(a|b+){2,}", "a counted group holding a quantifier"],
    ["(a|aa)+", "a quantified alternation"],
    ["(x+x+)+y", "the classic"],
    ["(a)\\1", "a back-reference"],
  ])("a pattern that can backtrack catastrophically, %s (%s), fails its own row with a reason", (source) => {
    // The config refuses it (test/unit/pattern-safety.test.ts); one that slips through still fails only its row.
    const check = parseCheck({
      id: "c",
      title: "C",
      target: "app",
      assertions: [
        { type: "body", matches: "ok" },
        { type: "json", path: "name", op: "equals", value: "app" },
      ],
    });
    check.assertions[0] = { type: "body", matches: source, severity: "fail" };
    const rows = evaluateResponse(check, response('{"name":"app"}'));
    expect(rows[1]).toMatchObject({ status: "fail" });
    expect(rows[1]?.actual).toContain("exponential time");
    expect(rows[2]?.status).toBe("pass");
  });

  it("a linear pattern still works, and only the first 64 KiB of a body are searched", () => {
    const big = `{"name":"app","pad":"${"x".repeat(70 * 1024)}","tail":"needle"}`;
    const rows = evaluate(
      [
        { type: "body", matches: '"name":"app"' },
        { type: "body", matches: "needle" },
      ],
      big,
    );
    expect(rows.slice(1).map((r) => r.status)).toEqual(["pass", "fail"]);
  });
});
