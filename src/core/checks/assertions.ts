/**
 * @module
 * Evaluates a check's assertions against one response. Pure: no I/O, no clock, so the Function, the
 * CLI and unit tests get the same verdicts. Every result says what was expected and what was seen.
 */
import type { Assertion, CheckDefinition } from "../config/checks.ts";
import { catastrophicReason } from "../config/pattern-safety.ts";
import type { AssertionResult } from "../result.ts";
import { readJsonPath } from "./json-path.ts";
import { previewJson, previewText } from "./preview.ts";
import type { ProbeResponse } from "./probe.ts";

type Body = { ok: true; json: unknown } | { ok: false; reason: string };

/**
 * How much of a body a configured pattern searches: patterns run on V8's backtracking engine, so the
 * input is bounded as well as the pattern's shape (see `pattern`).
 */
export const MAX_PATTERN_INPUT = 64 * 1024;

/** All assertions of a check, in the order a reader expects: status, time, then the configured ones. */
export function evaluateResponse(check: CheckDefinition, response: ProbeResponse): AssertionResult[] {
  let parsed: Body | undefined;
  const body = (): Body => {
    parsed ??= parseJson(response);
    return parsed;
  };
  const results: AssertionResult[] = [statusResult(check.expectStatus, response.status)];
  if (check.latencyBudgetMs !== undefined)
    results.push(responseTime({ type: "responseTime", lessThanMs: check.latencyBudgetMs, severity: "fail" }, response));
  if (check.kind === "health") results.push(...healthResults(body(), response));
  for (const assertion of check.assertions) results.push(evaluateAssertion(assertion, response, body));
  return results;
}

/** The worst status among assertions: any fail fails, any warn warns. */
export function worstOf(results: readonly AssertionResult[]): "pass" | "warn" | "fail" {
  if (results.some((r) => r.status === "fail")) return "fail";
  if (results.some((r) => r.status === "warn")) return "warn";
  return "pass";
}

function evaluateAssertion(assertion: Assertion, response: ProbeResponse, body: () => Body): AssertionResult {
  try {
    return evaluateConfigured(assertion, response, body);
  } catch (error) {
    // The schema does not compile patterns, so a typo in one fails its own assertion rather than the whole check.
    if (error instanceof InvalidPattern)
      return verdict(labelOf(assertion), false, "fail", `matches /${error.pattern}/`, error.message);
    // Anything else one assertion hits (a body too deep to walk) stays in its own row too.
    return verdict(
      labelOf(assertion),
      false,
      "fail",
      "an answer this assertion can read",
      `could not evaluate: ${previewText(String((error as Error)?.message ?? error))}`,
    );
  }
}

function evaluateConfigured(assertion: Assertion, response: ProbeResponse, body: () => Body): AssertionResult {
  switch (assertion.type) {
    case "status": {
      const expected: StatusExpectation = assertion.range
        ? { range: assertion.range }
        : { list: assertion.in ?? (assertion.equals === undefined ? [] : [assertion.equals]) };
      return verdict(
        "HTTP status",
        matchesStatus(expected, response.status),
        assertion.severity,
        describeStatus(expected),
        String(response.status),
      );
    }
    case "responseTime":
      return responseTime(assertion, response);
    case "header": {
      const name = assertion.name.toLowerCase();
      const value = response.headers[name];
      const label = `Header ${name}`;
      if (assertion.exists !== undefined) {
        return verdict(
          label,
          (value !== undefined) === assertion.exists,
          assertion.severity,
          assertion.exists ? "present" : "absent",
          value === undefined ? "absent" : show(value),
        );
      }
      if (value === undefined) return verdict(label, false, assertion.severity, expectedHeader(assertion), "absent");
      const ok =
        (assertion.equals === undefined || value === assertion.equals) &&
        (assertion.contains === undefined || value.toLowerCase().includes(assertion.contains.toLowerCase())) &&
        (assertion.matches === undefined || pattern(assertion.matches).test(value.slice(0, MAX_PATTERN_INPUT)));
      return verdict(label, ok, assertion.severity, expectedHeader(assertion), show(value));
    }
    case "body": {
      const text = response.body;
      if (assertion.contains !== undefined)
        return verdict(
          "Body",
          text.includes(assertion.contains),
          assertion.severity,
          `contains ${quote(assertion.contains)}`,
          excerpt(text, assertion.contains),
        );
      if (assertion.notContains !== undefined)
        return verdict(
          "Body",
          !text.includes(assertion.notContains),
          assertion.severity,
          `does not contain ${quote(assertion.notContains)}`,
          excerpt(text, assertion.notContains),
        );
      const source = assertion.matches ?? "";
      return verdict(
        "Body",
        pattern(source).test(text.slice(0, MAX_PATTERN_INPUT)),
        assertion.severity,
        `matches /${source}/`,
        excerpt(text),
      );
    }
    case "json":
      return jsonResult(assertion, body());
  }
}

function jsonResult(assertion: Extract<Assertion, { type: "json" }>, body: Body): AssertionResult {
  const label = `JSON ${assertion.path}`;
  const expected = describeJsonExpectation(assertion.op, assertion.value);
  if (!body.ok) return verdict(label, false, assertion.severity, expected, body.reason);
  const read = readJsonPath(body.json, assertion.path);
  if (assertion.op === "notExists")
    return verdict(
      label,
      !read.found,
      assertion.severity,
      expected,
      read.found ? `present: ${previewJson(read.value)}` : "absent",
    );
  if (!read.found) return verdict(label, false, assertion.severity, expected, `path not found (no ${read.missing})`);
  const actual = read.value;
  const shown = previewJson(actual);
  const target = assertion.value;
  const num = typeof actual === "number" ? actual : Number.NaN;
  const length = Array.isArray(actual) || typeof actual === "string" ? actual.length : Number.NaN;
  const lengthShown = Number.isNaN(length) ? `${shown} (has no length)` : `length ${length}`;
  switch (assertion.op) {
    case "exists":
      return verdict(label, true, assertion.severity, expected, shown);
    case "equals":
      return verdict(label, actual === target, assertion.severity, expected, shown);
    case "notEquals":
      return verdict(label, actual !== target, assertion.severity, expected, shown);
    case "gt":
      return verdict(label, num > Number(target), assertion.severity, expected, shown);
    case "gte":
      return verdict(label, num >= Number(target), assertion.severity, expected, shown);
    case "lt":
      return verdict(label, num < Number(target), assertion.severity, expected, shown);
    case "lte":
      return verdict(label, num <= Number(target), assertion.severity, expected, shown);
    case "lengthEquals":
      return verdict(label, length === Number(target), assertion.severity, expected, lengthShown);
    case "lengthGte":
      return verdict(label, length >= Number(target), assertion.severity, expected, lengthShown);
    case "lengthLte":
      return verdict(label, length <= Number(target), assertion.severity, expected, lengthShown);
    case "matches":
      return verdict(
        label,
        typeof actual === "string" && pattern(String(target)).test(actual.slice(0, MAX_PATTERN_INPUT)),
        assertion.severity,
        expected,
        shown,
      );
  }
}

const healthStatus: Record<string, "pass" | "warn" | "fail"> = {
  pass: "pass",
  ok: "pass",
  up: "pass",
  warn: "warn",
  fail: "fail",
  error: "fail",
  down: "fail",
};

/** Reads an application/health+json body: its overall status, then each sub-check. */
function healthResults(body: Body, response: ProbeResponse): AssertionResult[] {
  if (!body.ok) return [verdict("Health status", false, "fail", "an application/health+json body", body.reason)];
  const doc = body.json;
  if (
    doc === null ||
    typeof doc !== "object" ||
    Array.isArray(doc) ||
    typeof (doc as { status?: unknown }).status !== "string"
  )
    return [verdict("Health status", false, "fail", 'a JSON object with "status"', previewJson(doc))];
  const { status, checks } = doc as { status: string; checks?: unknown };
  const overall = healthStatus[status.toLowerCase()];
  const results: AssertionResult[] = [
    {
      label: "Health status",
      status: overall ?? "fail",
      expected: "pass",
      actual: overall ? status : `${status} (not a health+json status)`,
    },
  ];
  if (!/health\+json|json/i.test(response.contentType))
    results.push({
      label: "Content type",
      status: "warn",
      expected: "application/health+json",
      actual: response.contentType || "none",
    });
  if (checks && typeof checks === "object" && !Array.isArray(checks)) {
    for (const [name, entries] of Object.entries(checks)) {
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        const e = (entry ?? {}) as Record<string, unknown>;
        const s = typeof e.status === "string" ? healthStatus[e.status.toLowerCase()] : undefined;
        const detail = [
          typeof e.status === "string" ? e.status : "no status",
          e.observedValue !== undefined ? observed(name, e.observedValue, e.observedUnit) : "",
          typeof e.output === "string" && e.output ? e.output : "",
        ]
          .filter(Boolean)
          .join(" · ");
        const label = typeof e.componentId === "string" ? `${name} (${e.componentId})` : name;
        results.push({ label, status: s ?? "fail", expected: "pass", actual: show(detail) });
      }
    }
  }
  return results;
}

/**
 * An observed value with its meaning: health+json names a check `component:measurement`, so the
 * measurement ("responseTime") says what the number is: "response time: 12 ms".
 */
function observed(key: string, value: unknown, unit: unknown): string {
  const measurement = key.includes(":") ? key.slice(key.indexOf(":") + 1) : "";
  const words = measurement
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[-_]/g, " ")
    .toLowerCase();
  const amount = `${String(value)}${typeof unit === "string" && unit ? ` ${unit}` : ""}`;
  return words ? `${words}: ${amount}` : `observed ${amount}`;
}

function parseJson(response: ProbeResponse): Body {
  const trimmed = response.body.trimStart();
  if (trimmed === "") return { ok: false, reason: "empty body, not JSON" };
  if (trimmed.startsWith("<"))
    return {
      ok: false,
      reason: `body is HTML, not JSON (${response.contentType || "no content-type"}): ${show(trimmed)}`,
    };
  try {
    return { ok: true, json: JSON.parse(response.body) };
  } catch (error) {
    return { ok: false, reason: `body is not valid JSON: ${(error as Error).message}` };
  }
}

function statusResult(expectStatus: number | readonly [number, number], actual: number): AssertionResult {
  const expected: StatusExpectation =
    typeof expectStatus === "number" ? { list: [expectStatus] } : { range: expectStatus };
  return verdict("HTTP status", matchesStatus(expected, actual), "fail", describeStatus(expected), String(actual));
}

function responseTime(
  assertion: Extract<Assertion, { type: "responseTime" }>,
  response: ProbeResponse,
): AssertionResult {
  return verdict(
    "Response time",
    response.latencyMs < assertion.lessThanMs,
    assertion.severity,
    `< ${assertion.lessThanMs} ms`,
    `${Math.round(response.latencyMs)} ms`,
  );
}

type StatusExpectation = { range: readonly [number, number] } | { list: readonly number[] };

function matchesStatus(expected: StatusExpectation, actual: number): boolean {
  if ("range" in expected) return actual >= expected.range[0] && actual <= expected.range[1];
  return expected.list.includes(actual);
}

function describeStatus(expected: StatusExpectation): string {
  if ("range" in expected) return `${expected.range[0]}–${expected.range[1]}`;
  return expected.list.join(" or ");
}

function describeJsonExpectation(op: string, value: unknown): string {
  const v = JSON.stringify(value);
  const words: Record<string, string> = {
    equals: `= ${v}`,
    notEquals: `≠ ${v}`,
    exists: "present",
    notExists: "absent",
    gt: `> ${v}`,
    gte: `≥ ${v}`,
    lt: `< ${v}`,
    lte: `≤ ${v}`,
    lengthEquals: `length = ${v}`,
    lengthGte: `length ≥ ${v}`,
    lengthLte: `length ≤ ${v}`,
    matches: `matches /${String(value)}/`,
  };
  return words[op] ?? op;
}

function expectedHeader(a: {
  equals?: string | undefined;
  contains?: string | undefined;
  matches?: string | undefined;
}): string {
  if (a.equals !== undefined) return `= ${quote(a.equals)}`;
  if (a.contains !== undefined) return `contains ${quote(a.contains)}`;
  if (a.matches !== undefined) return `matches /${a.matches}/`;
  return "present";
}

class InvalidPattern extends Error {
  readonly pattern: string;
  constructor(pattern: string, reason: string) {
    // V8 says "Invalid regular expression: /(x/: Unterminated group"; the pattern is shown as `expected` already.
    super(`not a valid regular expression (${reason.split(": ").at(-1)}); fix it in runbook.config.json`);
    this.pattern = pattern;
  }
}

/**
 * Compiles a configured pattern, or throws InvalidPattern naming what is wrong with it. The config
 * refuses shapes that backtrack catastrophically (`config/pattern-safety.ts`); they are refused here
 * again, so one that slips through fails its own row instead of stalling the check.
 */
function pattern(source: string): RegExp {
  const reason = catastrophicReason(source);
  if (reason) throw new InvalidPattern(source, `${reason}; simplify it`);
  try {
    return new RegExp(source);
  } catch (error) {
    throw new InvalidPattern(source, (error as Error).message);
  }
}

function labelOf(assertion: Assertion): string {
  switch (assertion.type) {
    case "status":
      return "HTTP status";
    case "responseTime":
      return "Response time";
    case "header":
      return `Header ${assertion.name.toLowerCase()}`;
    case "body":
      return "Body";
    case "json":
      return `JSON ${assertion.path}`;
  }
}

function verdict(
  label: string,
  ok: boolean,
  severity: "fail" | "warn",
  expected: string,
  actual: string,
): AssertionResult {
  return { label, status: ok ? "pass" : severity, expected, actual };
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function show(s: string): string {
  return previewText(s);
}

function excerpt(text: string, around?: string): string {
  if (text === "") return "empty body";
  const at = around ? text.indexOf(around) : -1;
  if (at >= 0) return `found at byte ${at}`;
  return show(text);
}
