/**
 * @module
 * `--reporter junit`: JUnit XML as CI test tabs read it (the common Ant/Jenkins schema, `junit-10.xsd`
 * of the Jenkins xUnit plugin, kept beside the tests). One `testsuite` per run; one `testcase` per check
 * with a `failure` (expected vs actual) or an `error` (could not run), and its request, answer, samples,
 * p95 and error rate in `system-out`; the smoke suite adds one testcase per Success Criterion, so a run
 * that fails on the criteria alone is red in the test tab too. The schema allows `properties` on the
 * suite only: the run's environment, verdict and figures go there.
 */
import type { CheckResult, CriterionResult } from "../../core/result.ts";
import { percent, problems, reportResults, type VerifyReport } from "./report.ts";

/**
 * Whether XML 1.0 can carry this code point even escaped: not C0 controls other than tab and line
 * breaks, not U+FFFE/U+FFFF, not a lone surrogate (`for…of` yields a pair as one code point).
 */
function xmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}

/** Replaces what XML cannot carry with a visible `\uXXXX`, so the report stays well-formed and says what was there. */
function xmlSafe(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += xmlChar(code) ? char : `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** Text content: `&`, `<`, `>` escaped (`>` too, so `]]>` can never appear). */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value in double quotes; tabs and line breaks kept as character references. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join("");
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** Everything the check saw, for `system-out`: request, answer, sampling, each assertion. */
function checkOutput(result: CheckResult): string {
  const lines = [
    `status: ${result.status}`,
    `summary: ${result.summary}`,
    `request: ${result.request.method} ${result.request.url}`,
  ];
  const o = result.observed;
  if (o.httpStatus !== undefined) lines.push(`http status: ${o.httpStatus}`);
  if (o.latencyMs !== undefined) lines.push(`latency: ${Math.round(o.latencyMs)} ms`);
  const s = result.samples;
  if (s)
    lines.push(
      `samples: ${s.count}`,
      `errors: ${s.errors}`,
      `error rate: ${percent(s.errorRate)}`,
      `p50: ${s.p50Ms} ms`,
      `p95: ${s.p95Ms} ms`,
      `max: ${s.maxMs} ms`,
    );
  if (result.assertions.length > 0) {
    lines.push("assertions:");
    for (const a of result.assertions)
      lines.push(`  ${a.status} ${a.label}: expected ${a.expected}, actual ${a.actual}`);
  }
  lines.push(`checked at: ${result.checkedAt}`);
  return lines.join("\n");
}

function checkCase(result: CheckResult, classname: string): string[] {
  const head = `    <testcase${attrs({ name: `${result.checkId}: ${result.title}`, classname, time: seconds(result.durationMs) })}>`;
  const lines = [head];
  const found = problems(result);
  if (result.status === "error")
    lines.push(
      `      <error${attrs({ type: result.error?.code ?? "error", message: found[0] ?? result.summary })}>${xmlText(found.join("\n"))}</error>`,
    );
  else if (result.status === "fail")
    lines.push(
      `      <failure${attrs({ type: "fail", message: found[0] ?? result.summary })}>${xmlText(found.join("\n"))}</failure>`,
    );
  lines.push(`      <system-out>${xmlText(checkOutput(result))}</system-out>`, "    </testcase>");
  return lines;
}

function criterionCase(criterion: CriterionResult, classname: string): string[] {
  const lines = [`    <testcase${attrs({ name: `Success criterion: ${criterion.label}`, classname, time: "0" })}>`];
  const text = `${criterion.label}: expected ${criterion.expected}, actual ${criterion.actual}`;
  if (criterion.status === "fail")
    lines.push(`      <failure${attrs({ type: "criterion", message: text })}>${xmlText(text)}</failure>`);
  lines.push(`      <system-out>${xmlText(text)}</system-out>`, "    </testcase>");
  return lines;
}

export function renderJunit(report: VerifyReport): string {
  const results = reportResults(report);
  const criteria = report.kind === "smoke" ? report.summary.criteria : [];
  const tests = results.length + criteria.length;
  const failures =
    results.filter((r) => r.status === "fail").length + criteria.filter((c) => c.status === "fail").length;
  const errors = results.filter((r) => r.status === "error").length;
  const durationMs = report.kind === "smoke" ? report.summary.durationMs : report.result.durationMs;
  const checkedAt = report.kind === "smoke" ? report.summary.checkedAt : report.result.checkedAt;
  const suiteName =
    report.kind === "smoke" ? `${report.environment}: smoke tests` : `${report.environment}: ${report.result.checkId}`;
  const classname = `runbook.${report.environment}`;
  const counts = { tests, failures, errors };
  const properties: [string, string | number][] = [["environment", report.environment]];
  if (report.kind === "smoke") {
    const { summary } = report;
    properties.push(
      ["verdict", summary.status],
      ["summary", summary.summary],
      ["requests", summary.samples.count],
      ["errors", summary.samples.errors],
      ["errorRate", summary.samples.errorRate],
      ["p95Ms", summary.samples.p95Ms],
    );
    for (const c of summary.criteria)
      properties.push([`criterion.${c.id}`, `${c.status}: expected ${c.expected}, actual ${c.actual}`]);
  } else properties.push(["verdict", report.result.status], ["summary", report.result.summary]);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: "runbook verify", ...counts, time: seconds(durationMs) })}>`,
    `  <testsuite${attrs({ name: suiteName, ...counts, skipped: 0, time: seconds(durationMs), timestamp: checkedAt })}>`,
    "    <properties>",
    ...properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    "    </properties>",
    ...results.flatMap((r) => checkCase(r, `${classname}.checks`)),
    ...criteria.flatMap((c) => criterionCase(c, `${classname}.criteria`)),
    "  </testsuite>",
    "</testsuites>",
  ];
  return `${lines.join("\n")}\n`;
}
