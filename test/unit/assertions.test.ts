import { describe, expect, it } from "vitest";
import { evaluateResponse, worstOf } from "../../src/core/checks/assertions.ts";
import { readJsonPath } from "../../src/core/checks/json-path.ts";
import type { ProbeResponse } from "../../src/core/checks/probe.ts";
import type { CheckDefinition } from "../../src/core/config/checks.ts";
import { parseCheck } from "../../src/core/config/load.ts";
import type { AssertionResult } from "../../src/core/result.ts";

/** A response as the probe hands it over; JSON bodies may be given as values. */
function response(
  init: { status?: number; headers?: Record<string, string>; body?: unknown; latencyMs?: number } = {},
): ProbeResponse {
  const body = typeof init.body === "string" ? init.body : init.body === undefined ? "" : JSON.stringify(init.body);
  const headers =
    init.headers ??
    (typeof init.body === "string" || init.body === undefined ? {} : { "content-type": "application/json" });
  return {
    kind: "response",
    status: init.status ?? 200,
    headers,
    contentType: headers["content-type"] ?? "",
    body,
    bytes: new TextEncoder().encode(body).byteLength,
    latencyMs: init.latencyMs ?? 42,
    redirects: 0,
    finalUrl: "https://app.example.com/",
  };
}

/** Evaluates one configured assertion and returns its result (the status assertion always comes first). */
function one(assertion: Record<string, unknown>, res: ProbeResponse): AssertionResult {
  const results = evaluateResponse(parseCheck({ id: "c", title: "C", target: "app", assertions: [assertion] }), res);
  expect(results).toHaveLength(2);
  return results[1]!;
}

const pass = (expected: string, actual: string) => ({ status: "pass", expected, actual });
const fail = (expected: string, actual: string) => ({ status: "fail", expected, actual });

describe("HTTP status", () => {
  const check = (extra: Record<string, unknown> = {}) => parseCheck({ id: "c", title: "C", target: "app", ...extra });

  it("the check's expectStatus is always the first assertion: a range by default, or one code", () => {
    expect(evaluateResponse(check(), response({ status: 204 }))).toEqual([
      { label: "HTTP status", ...pass("200–299", "204") },
    ]);
    expect(evaluateResponse(check(), response({ status: 500 }))).toEqual([
      { label: "HTTP status", ...fail("200–299", "500") },
    ]);
    expect(evaluateResponse(check({ expectStatus: 401 }), response({ status: 401 }))[0]).toMatchObject(
      pass("401", "401"),
    );
    expect(evaluateResponse(check({ expectStatus: [400, 401] }), response({ status: 403 }))[0]).toMatchObject(
      fail("400–401", "403"),
    );
  });

  it("a range is inclusive at both ends", () => {
    const range = { type: "status", range: [200, 299] };
    expect(one(range, response({ status: 200 }))).toMatchObject(pass("200–299", "200"));
    expect(one(range, response({ status: 299 }))).toMatchObject(pass("200–299", "299"));
    expect(one(range, response({ status: 300 }))).toMatchObject(fail("200–299", "300"));
  });

  it("a list matches its members only, not what lies between them", () => {
    const list = { type: "status", in: [200, 204] };
    expect(one(list, response({ status: 204 }))).toMatchObject(pass("200 or 204", "204"));
    expect(one(list, response({ status: 201 }))).toMatchObject(fail("200 or 204", "201"));
    expect(one({ type: "status", equals: 200 }, response({ status: 200 }))).toMatchObject(pass("200", "200"));
  });

  it("severity warn turns a miss into a warning", () => {
    expect(one({ type: "status", equals: 200, severity: "warn" }, response({ status: 203 }))).toMatchObject({
      status: "warn",
    });
  });
});

describe("response time", () => {
  it("passes under the budget and fails at or over it, showing whole milliseconds", () => {
    const budget = { type: "responseTime", lessThanMs: 500 };
    expect(one(budget, response({ latencyMs: 123.4 }))).toEqual({
      label: "Response time",
      ...pass("< 500 ms", "123 ms"),
    });
    expect(one(budget, response({ latencyMs: 500 }))).toMatchObject(fail("< 500 ms", "500 ms"));
    expect(one(budget, response({ latencyMs: 1234.6 }))).toMatchObject(fail("< 500 ms", "1235 ms"));
  });

  it("a check's latencyBudgetMs adds a failing response-time assertion after the status", () => {
    const check = parseCheck({ id: "c", title: "C", target: "app", latencyBudgetMs: 2000 });
    expect(evaluateResponse(check, response({ latencyMs: 2500 })).map((r) => [r.label, r.status])).toEqual([
      ["HTTP status", "pass"],
      ["Response time", "fail"],
    ]);
  });
});

describe("header", () => {
  const res = response({ headers: { "content-type": "text/html; charset=utf-8", "x-release": "v1.4.2" } });

  it("names are case-insensitive", () => {
    expect(one({ type: "header", name: "Content-Type", contains: "TEXT/HTML" }, res)).toEqual({
      label: "Header content-type",
      ...pass('contains "TEXT/HTML"', "text/html; charset=utf-8"),
    });
  });

  it("exists: present or absent, both ways", () => {
    expect(one({ type: "header", name: "x-release", exists: true }, res)).toMatchObject(pass("present", "v1.4.2"));
    expect(one({ type: "header", name: "x-missing", exists: true }, res)).toMatchObject(fail("present", "absent"));
    expect(one({ type: "header", name: "x-missing", exists: false }, res)).toMatchObject(pass("absent", "absent"));
    expect(one({ type: "header", name: "x-release", exists: false }, res)).toMatchObject(fail("absent", "v1.4.2"));
  });

  it("equals is exact, contains ignores case, matches is a regular expression", () => {
    expect(one({ type: "header", name: "x-release", equals: "v1.4.2" }, res)).toMatchObject(
      pass('= "v1.4.2"', "v1.4.2"),
    );
    expect(one({ type: "header", name: "x-release", equals: "V1.4.2" }, res)).toMatchObject(
      fail('= "V1.4.2"', "v1.4.2"),
    );
    expect(one({ type: "header", name: "content-type", contains: "json" }, res)).toMatchObject(
      fail('contains "json"', "text/html; charset=utf-8"),
    );
    expect(one({ type: "header", name: "x-release", matches: "^v\\d+\\.\\d+" }, res)).toMatchObject(
      pass("matches /^v\\d+\\.\\d+/", "v1.4.2"),
    );
    expect(one({ type: "header", name: "x-release", matches: "^release-" }, res)).toMatchObject(
      fail("matches /^release-/", "v1.4.2"),
    );
  });

  it("a missing header fails a comparison and says it is absent", () => {
    expect(one({ type: "header", name: "x-missing", equals: "1" }, res)).toMatchObject(fail('= "1"', "absent"));
  });
});

describe("body", () => {
  const page = response({
    body: "<!doctype html><title>Dashtray</title><p>Signed out</p>",
    headers: { "content-type": "text/html" },
  });

  it("contains: where it was found, or what the body was", () => {
    expect(one({ type: "body", contains: "<title>Dashtray" }, page)).toEqual({
      label: "Body",
      ...pass('contains "<title>Dashtray"', "found at byte 15"),
    });
    expect(one({ type: "body", contains: "Welcome back" }, page)).toMatchObject(
      fail('contains "Welcome back"', "<!doctype html><title>Dashtray</title><p>Signed out</p>"),
    );
  });

  it("notContains: passes when absent, fails saying where it was found", () => {
    expect(one({ type: "body", notContains: "Maintenance" }, page)).toMatchObject({
      status: "pass",
      expected: 'does not contain "Maintenance"',
    });
    expect(one({ type: "body", notContains: "Signed out" }, page)).toMatchObject(
      fail('does not contain "Signed out"', "found at byte 41"),
    );
  });

  it("matches: a regular expression over the whole text", () => {
    expect(one({ type: "body", matches: "<title>Dash\\w+</title>" }, page)).toMatchObject({ status: "pass" });
    expect(one({ type: "body", matches: "^\\{" }, page)).toMatchObject({ status: "fail", expected: "matches /^\\{/" });
  });

  it("an empty body says so; a long one is cut to a readable excerpt", () => {
    expect(one({ type: "body", contains: "x" }, response({ body: "" }))).toMatchObject(
      fail('contains "x"', "empty body"),
    );
    const long = one({ type: "body", contains: "needle" }, response({ body: `${"word ".repeat(100)}\n\n  end` }));
    expect(long.actual).toHaveLength(121);
    expect(long.actual.endsWith("…")).toBe(true);
  });

  it("rejects a pattern that does not compile when the config loads", () => {
    expect(() =>
      parseCheck({ id: "c", title: "C", target: "app", assertions: [{ type: "body", matches: "(unclosed" }] }),
    ).toThrow("assertions[0].matches: not a valid regular expression");
    expect(() =>
      parseCheck({
        id: "c",
        title: "C",
        target: "app",
        assertions: [{ type: "json", path: "name", op: "matches", value: "*" }],
      }),
    ).toThrow("assertions[0].value: not a valid regular expression");
  });

  it("a pattern that does not compile fails that assertion instead of the whole check", () => {
    // Config validation refuses such patterns; evaluation still must not throw if one slips through.
    const check: CheckDefinition = {
      ...parseCheck({ id: "c", title: "C", target: "app", assertions: [{ type: "body", contains: "Dashtray" }] }),
    };
    check.assertions = [
      { type: "body", matches: "(unclosed", severity: "fail" },
      { type: "header", name: "x-release", matches: "[", severity: "fail" },
      { type: "json", path: "name", op: "matches", value: "*", severity: "fail" },
      ...check.assertions,
    ];
    const results = evaluateResponse(
      check,
      response({ body: { name: "Dashtray" }, headers: { "content-type": "application/json", "x-release": "v1" } }),
    );
    expect(results.map((r) => [r.label, r.status, r.expected])).toEqual([
      ["HTTP status", "pass", "200–299"],
      ["Body", "fail", "matches /(unclosed/"],
      ["Header x-release", "fail", "matches /[/"],
      ["JSON name", "fail", "matches /*/"],
      ["Body", "pass", 'contains "Dashtray"'],
    ]);
    expect(results[1]?.actual).toBe(
      "not a valid regular expression (Unterminated group); fix it in runbook.config.json",
    );
    for (const r of results.slice(2, 4))
      expect(r.actual).toMatch(/^not a valid regular expression \(.+\); fix it in runbook\.config\.json$/);
  });
});

describe("JSON operators", () => {
  const doc = response({
    body: {
      status: "ok",
      count: 3,
      ratio: "3",
      name: "dashtray",
      nothing: null,
      flag: true,
      plans: [{ id: "free" }, { id: "pro" }],
    },
  });
  const json = (path: string, op: string, value?: unknown) =>
    one({ type: "json", path, op, ...(value !== undefined && { value }) }, doc);

  it("equals and notEquals compare strictly, including null and booleans", () => {
    expect(json("status", "equals", "ok")).toEqual({ label: "JSON status", ...pass('= "ok"', '"ok"') });
    expect(json("status", "equals", "pass")).toMatchObject(fail('= "pass"', '"ok"'));
    expect(json("ratio", "equals", 3)).toMatchObject(fail("= 3", '"3"'));
    expect(json("nothing", "equals", null)).toMatchObject(pass("= null", "null"));
    expect(json("flag", "equals", true)).toMatchObject(pass("= true", "true"));
    expect(json("status", "notEquals", "down")).toMatchObject(pass('≠ "down"', '"ok"'));
    expect(json("status", "notEquals", "ok")).toMatchObject(fail('≠ "ok"', '"ok"'));
  });

  it("exists and notExists: a null value still exists", () => {
    expect(json("plans[1].id", "exists")).toMatchObject(pass("present", '"pro"'));
    expect(json("nothing", "exists")).toMatchObject(pass("present", "null"));
    expect(json("plans[2].id", "exists")).toMatchObject(fail("present", "path not found (no plans[2])"));
    expect(json("release", "notExists")).toMatchObject(pass("absent", "absent"));
    expect(json("count", "notExists")).toMatchObject(fail("absent", "present: 3"));
  });

  it("gt, gte, lt, lte on numbers; a string that looks like a number does not count", () => {
    expect(json("count", "gt", 2)).toMatchObject(pass("> 2", "3"));
    expect(json("count", "gt", 3)).toMatchObject(fail("> 3", "3"));
    expect(json("count", "gte", 3)).toMatchObject(pass("≥ 3", "3"));
    expect(json("count", "gte", 4)).toMatchObject(fail("≥ 4", "3"));
    expect(json("count", "lt", 4)).toMatchObject(pass("< 4", "3"));
    expect(json("count", "lt", 3)).toMatchObject(fail("< 3", "3"));
    expect(json("count", "lte", 3)).toMatchObject(pass("≤ 3", "3"));
    expect(json("count", "lte", 2)).toMatchObject(fail("≤ 2", "3"));
    expect(json("ratio", "gt", 1)).toMatchObject(fail("> 1", '"3"'));
  });

  it("lengthEquals, lengthGte, lengthLte on arrays and strings; other values have no length", () => {
    expect(json("plans", "lengthEquals", 2)).toMatchObject(pass("length = 2", "length 2"));
    expect(json("plans", "lengthEquals", 3)).toMatchObject(fail("length = 3", "length 2"));
    expect(json("plans", "lengthGte", 1)).toMatchObject(pass("length ≥ 1", "length 2"));
    expect(json("plans", "lengthGte", 3)).toMatchObject(fail("length ≥ 3", "length 2"));
    expect(json("name", "lengthLte", 8)).toMatchObject(pass("length ≤ 8", "length 8"));
    expect(json("name", "lengthLte", 7)).toMatchObject(fail("length ≤ 7", "length 8"));
    expect(json("count", "lengthGte", 0)).toMatchObject(fail("length ≥ 0", "3 (has no length)"));
  });

  it("matches: strings only", () => {
    expect(json("name", "matches", "^dash")).toMatchObject(pass("matches /^dash/", '"dashtray"'));
    expect(json("name", "matches", "^Dash")).toMatchObject(fail("matches /^Dash/", '"dashtray"'));
    expect(json("count", "matches", "3")).toMatchObject(fail("matches /3/", "3"));
  });

  it("a missing path names the first segment that is missing", () => {
    expect(json("checks.db.status", "equals", "pass")).toMatchObject(fail('= "pass"', "path not found (no checks)"));
    expect(json("plans[0].price", "exists")).toMatchObject(fail("present", "path not found (no plans[0].price)"));
    expect(json("count.value", "exists")).toMatchObject(fail("present", "path not found (no count.value)"));
    expect(json("status[0]", "exists")).toMatchObject(fail("present", "path not found (no status[0])"));
  });

  it("severity warn turns a miss into a warning", () => {
    expect(one({ type: "json", path: "count", op: "gt", value: 10, severity: "warn" }, doc)).toMatchObject({
      status: "warn",
    });
  });
});

describe("bodies that are not the JSON expected", () => {
  const plans = { type: "json", path: "plans", op: "lengthGte", value: 1 };

  it("HTML where JSON was expected says so and shows the start of the page", () => {
    const login = response({
      body: "\n  <!doctype html><html><head><title>Sign in</title></head></html>",
      headers: { "content-type": "text/html; charset=utf-8" },
    });
    expect(one(plans, login)).toMatchObject(
      fail(
        "length ≥ 1",
        "body is HTML, not JSON (text/html; charset=utf-8): <!doctype html><html><head><title>Sign in</title></head></html>",
      ),
    );
  });

  it("malformed JSON gives the parser's reason", () => {
    const cut = response({ body: '{"plans":[{"id":"free"},', headers: { "content-type": "application/json" } });
    const result = one(plans, cut);
    expect(result.status).toBe("fail");
    expect(result.actual).toMatch(/^body is not valid JSON: .+/);
  });

  it("an empty body is not JSON either", () => {
    expect(one(plans, response({ body: "   " }))).toMatchObject(fail("length ≥ 1", "empty body, not JSON"));
  });

  it("the body is parsed once and every JSON assertion reports the same reason", () => {
    const results = evaluateResponse(
      parseCheck({
        id: "c",
        title: "C",
        target: "app",
        assertions: [plans, { type: "json", path: "plans[0].id", op: "exists" }],
      }),
      response({ body: "not json" }),
    );
    expect(results[1]?.actual).toBe(results[2]?.actual);
  });
});

describe("health+json (kind: health)", () => {
  const check = parseCheck({ id: "app-health", title: "Health", target: "app", kind: "health" });
  const health = (doc: unknown, contentType = "application/health+json", status = 200) =>
    evaluateResponse(check, response({ status, body: doc, headers: { "content-type": contentType } }));
  const entry = (status: string, extra: Record<string, unknown> = {}) => ({
    status,
    time: "2026-01-01T00:00:00Z",
    ...extra,
  });

  it("pass: overall status then one line per sub-check with its observed value", () => {
    const results = health({
      status: "pass",
      checks: {
        "convex:responseTime": [
          entry("pass", { componentId: "happy-animal-123", observedValue: 12, observedUnit: "ms" }),
        ],
        "email:delivery": [entry("pass")],
      },
    });
    expect(results).toEqual([
      { label: "HTTP status", ...pass("200–299", "200") },
      { label: "Health status", ...pass("pass", "pass") },
      { label: "convex:responseTime (happy-animal-123)", ...pass("pass", "pass · response time: 12 ms") },
      { label: "email:delivery", ...pass("pass", "pass") },
    ]);
    expect(worstOf(results)).toBe("pass");
  });

  it("warn: the overall status and the sub-check both warn, with the sub-check's output", () => {
    const results = health({
      status: "warn",
      checks: {
        "payments:oldestUnprocessedEvent": [
          entry("warn", { observedValue: 840, observedUnit: "s", output: "deliveries delayed" }),
        ],
      },
    });
    expect(results.slice(1)).toEqual([
      { label: "Health status", status: "warn", expected: "pass", actual: "warn" },
      {
        label: "payments:oldestUnprocessedEvent",
        status: "warn",
        expected: "pass",
        actual: "warn · oldest unprocessed event: 840 s · deliveries delayed",
      },
    ]);
    expect(worstOf(results)).toBe("warn");
  });

  it("fail: a 503 with status fail fails the status, the document and the failing sub-check", () => {
    const results = health(
      { status: "fail", checks: { db: entry("fail", { output: "timeout" }), cache: [entry("up")] } },
      undefined,
      503,
    );
    expect(results.map((r) => [r.label, r.status, r.actual])).toEqual([
      ["HTTP status", "fail", "503"],
      ["Health status", "fail", "fail"],
      ["db", "fail", "fail · timeout"],
      ["cache", "pass", "up"],
    ]);
  });

  it("a status outside the health+json vocabulary, and a sub-check without one, fail", () => {
    const results = health({ status: "degraded", checks: { db: [{ observedValue: 3 }] } });
    expect(results[1]).toMatchObject(fail("pass", "degraded (not a health+json status)"));
    expect(results[2]).toMatchObject({ label: "db", ...fail("pass", "no status · observed 3") });
  });

  it("a JSON body that is not an object with a status fails", () => {
    expect(health([{ status: "pass" }])[1]).toMatchObject(fail('a JSON object with "status"', '[{"status":"pass"}]'));
    expect(health({ ok: true })[1]).toMatchObject(fail('a JSON object with "status"', '{"ok":true}'));
    expect(health(null)[1]).toMatchObject(fail('a JSON object with "status"', "null"));
  });

  it("an HTML page fails the health document and names the content type", () => {
    const results = health("<!doctype html><h1>502 Bad Gateway</h1>", "text/html");
    expect(results[1]).toEqual({
      label: "Health status",
      ...fail(
        "an application/health+json body",
        "body is HTML, not JSON (text/html): <!doctype html><h1>502 Bad Gateway</h1>",
      ),
    });
    expect(results).toHaveLength(2);
  });

  it("a plain JSON content type is fine; a non-JSON one only warns", () => {
    expect(health({ status: "pass" }, "application/json").map((r) => r.label)).toEqual([
      "HTTP status",
      "Health status",
    ]);
    const results = health({ status: "pass" }, "text/plain");
    expect(results[2]).toEqual({
      label: "Content type",
      status: "warn",
      expected: "application/health+json",
      actual: "text/plain",
    });
    expect(worstOf(results)).toBe("warn");
  });
});

describe("worstOf", () => {
  const r = (status: AssertionResult["status"]): AssertionResult => ({
    label: status,
    status,
    expected: "",
    actual: "",
  });

  it("any fail fails, else any warn warns, else pass (also for none)", () => {
    expect(worstOf([])).toBe("pass");
    expect(worstOf([r("pass"), r("pass")])).toBe("pass");
    expect(worstOf([r("pass"), r("warn")])).toBe("warn");
    expect(worstOf([r("warn"), r("fail"), r("pass")])).toBe("fail");
    expect(worstOf([r("fail"), r("warn")])).toBe("fail");
  });
});

describe("readJsonPath", () => {
  it("walks keys and indexes, and never reads inherited properties", () => {
    const value = { checks: { "convex:reachability": [{ status: "pass" }] }, list: [[1, 2]] };
    expect(readJsonPath(value, "checks.convex:reachability[0].status")).toEqual({ found: true, value: "pass" });
    expect(readJsonPath(value, "list[0][1]")).toEqual({ found: true, value: 2 });
    expect(readJsonPath(value, "list[0][2]")).toEqual({ found: false, missing: "list[0][2]" });
    expect(readJsonPath(value, "constructor")).toEqual({ found: false, missing: "constructor" });
    expect(readJsonPath(value, "checks.__proto__")).toEqual({ found: false, missing: "checks.__proto__" });
    expect(readJsonPath([1], "length")).toEqual({ found: false, missing: "length" });
  });
});
