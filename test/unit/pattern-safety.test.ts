import { describe, expect, it } from "vitest";
import { loadConfig, parseCheck } from "../../src/core/config/load.ts";
import { catastrophicReason } from "../../src/core/config/pattern-safety.ts";

// Config patterns run in JavaScript's backtracking engine against target bodies: the config refuses
// the shapes that make it take exponential time, naming the check and the pattern.
const evil: [string, RegExp][] = [
  ["(a+)+$", /another quantifier/],
  ["(a*)*b", /another quantifier/],
  ["^(\\w*)*x", /another quantifier/],
  ["(.*a){20}", /another quantifier/],
  ["(x+x+)+y", /another quantifier/],
  ["(\\w+\\s?)*$", /another quantifier/],
  ["(a|b+){2,}", /another quantifier/],
  [
    "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
    /another quantifier/,
  ],
  ["(a|aa)*b", /alternation/],
  ["(a|a)*", /alternation/],
  ["(\\w|\\d)+$", /alternation/],
  ["(?:x|[a-z])+!", /alternation/],
  ["(.|\\s)*\\}", /alternation/],
  ["(a|)+b", /alternation/],
  ["(a)\\1", /back-reference/],
  ["(?<q>['\"]).*\\k<q>", /back-reference/],
];

const good = [
  "^v\\d+\\.\\d+\\.\\d+$",
  '"status":\\s*"ok"',
  "(?:GET|POST)+",
  "(ab)+c",
  "[a-z]+(-[a-z]+)*",
  "^(\\d{1,3}\\.){3}\\d{1,3}$",
  "^[0-9a-f]{7,40}$",
  "(a|b)*c",
  "a{2}(bc){3}",
  "[(]a+[)]+", // parentheses in a class are characters, not a group
  "\\(a+\\)+",
  "x*y*z*",
  "(?=.*\\d)\\w+",
  "^Dashtray( \\d+)?$",
  "\\bok\\b",
];

function check(matches: string) {
  return { id: "app-health", title: "App health", target: "app", assertions: [{ type: "body", matches }] };
}

describe("config patterns that can backtrack catastrophically are refused", () => {
  it.each(evil)("%s is refused (%s)", (source, reason) => {
    expect(() => new RegExp(source)).not.toThrow(); // valid JavaScript: only its shape is refused
    expect(catastrophicReason(source)).toMatch(reason);
    expect(() => parseCheck(check(source))).toThrow(
      `assertions[0].matches: check "app-health": pattern /${source}/ can backtrack catastrophically`,
    );
  });

  it.each(good)("%s passes", (source) => {
    expect(catastrophicReason(source)).toBeUndefined();
    expect(parseCheck(check(source)).assertions).toHaveLength(1);
  });

  it("refuses in header and JSON assertions too, naming the environment, the check and the field", () => {
    const config = {
      environments: {
        production: {
          label: "Production",
          targets: { app: "https://app.example" },
          checks: [
            {
              id: "release",
              title: "Release",
              target: "app",
              assertions: [{ type: "header", name: "x-release", matches: "(v+)+" }],
            },
            {
              id: "version",
              title: "Version",
              target: "app",
              assertions: [{ type: "json", path: "version", op: "matches", value: "(1|12)*3" }],
            },
          ],
        },
      },
    };
    let message = "";
    try {
      loadConfig(config, { source: "test" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'environments.production.checks[0].assertions[0].matches: check "release": pattern /(v+)+/ can backtrack catastrophically',
    );
    expect(message).toContain(
      'environments.production.checks[1].assertions[0].value: check "version": pattern /(1|12)*3/ can backtrack catastrophically',
    );
  });

  it("an evil pattern really is slow in the engine it would run in (why the refusal exists)", () => {
    // Not timed: counts the steps a tiny backtracking matcher takes, which doubles with each character.
    const steps = (n: number) => {
      let count = 0;
      const input = `${"a".repeat(n)}!`;
      // (a|aa)*b tried from position 0, exhaustively: the number of ways to split n a's into 1s and 2s.
      const walk = (i: number): boolean => {
        count += 1;
        if (input[i] === "b") return true;
        return (input[i] === "a" && walk(i + 1)) || (input.startsWith("aa", i) && walk(i + 2));
      };
      walk(0);
      return count;
    };
    expect(steps(20) / steps(10)).toBeGreaterThan(100);
  });
});
