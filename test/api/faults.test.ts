/**
 * Upstreams failing in every way the demo can fail, through the real Function in workerd. Each row:
 * a clear answer that says what went wrong, within the timeout that applies (plus a margin for a busy
 * machine: a correctness bound, not a benchmark), and afterwards the Function still answers its own
 * health. The demo-only `fault-*` checks in runbook.config.json point at the demo's `/__faults/*`.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type CheckResult, checkResult, type VerifyEvent, verifyEvent } from "../../src/core/result.ts";
import { resetDemo, setDemo } from "../support/demo.ts";

const site = inject("siteUrl");
/** Time the Function may take beyond the timeout in force: scheduling, workerd, a loaded CI machine. */
const MARGIN_MS = 3_000;
/** A check's default timeout, and the version and rollback providers' (src/server/clients/http.ts). */
const CHECK_TIMEOUT_MS = 5_000;
const UPSTREAM_TIMEOUT_MS = 5_000;

type Section = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
type Report = Record<string, unknown>;

interface Row {
  what: string;
  /** Demo switches set before the call, through the site as a reader does. */
  demo?: Record<string, unknown>;
  /** Switches the site does not offer, set on the demo itself (`latencyMs`). */
  demoDirect?: Record<string, unknown>;
  call: { run: string } | { verify: true } | { report: "version" | "rollback" };
  /** The timeout the answer must arrive within. */
  timeoutMs: number;
  check?: (result: CheckResult) => void;
  events?: (events: VerifyEvent[]) => void;
  report?: (report: Report) => void;
}

/** The parts of a version or rollback report that could not be read, by name, with their error code. */
function failed(report: Report): Record<string, string> {
  return Object.fromEntries(
    Object.entries(report)
      .filter(([, v]) => typeof v === "object" && v !== null && (v as Section).ok === false)
      .map(([k, v]) => [k, (v as Extract<Section, { ok: false }>).error.code]),
  );
}

const failsWithStatus = (status: string) => (r: CheckResult) => {
  expect(r.status).toBe("fail");
  expect(r.assertions).toContainEqual(
    expect.objectContaining({ label: "HTTP status", status: "fail", actual: status }),
  );
};
const errorsWith = (code: string) => (r: CheckResult) => {
  expect(r.status).toBe("error");
  expect(r.error?.code).toBe(code);
  expect(r.summary.length).toBeGreaterThan(10);
};

const rows: Row[] = [
  {
    what: "demo down: the frontend answers 503",
    demo: { mode: "down" },
    call: { run: "frontend" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: failsWithStatus("503"),
  },
  {
    what: "demo down: the health endpoint answers 503",
    demo: { mode: "down" },
    call: { run: "app-health" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: failsWithStatus("503"),
  },
  {
    what: "demo down: Convex answers 503",
    demo: { mode: "down" },
    call: { run: "convex-version" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: failsWithStatus("503"),
  },
  {
    what: "demo down: verify-all ends in a failed summary",
    demo: { mode: "down" },
    call: { verify: true },
    timeoutMs: CHECK_TIMEOUT_MS,
    events: (events) => {
      const results = events.filter((e) => e.type === "result");
      expect(results.length).toBeGreaterThanOrEqual(4);
      for (const e of results) if (e.type === "result") expect(e.result.status).toBe("fail");
      const last = events.at(-1);
      expect(last?.type).toBe("summary");
      if (last?.type === "summary") expect(last.summary.status).toBe("fail");
    },
  },
  {
    what: "degraded: the plans API answers 500",
    demo: { mode: "degraded" },
    call: { run: "api-plans" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: failsWithStatus("500"),
  },
  {
    what: "degraded: health reports warn",
    demo: { mode: "degraded" },
    call: { run: "app-health" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: (r) => expect(r.status).toBe("warn"),
  },
  {
    what: "slow: 2.5 s, over the 2 s latency budget",
    demo: { mode: "slow", slowMs: 2_500 },
    call: { run: "frontend" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: (r) => {
      expect(r.status).toBe("fail");
      expect(r.observed.httpStatus).toBe(200);
      expect(r.assertions.find((a) => a.status === "fail")?.expected).toContain("2000 ms");
    },
  },
  {
    what: "slow: 8 s, past the check's 5 s timeout",
    demo: { mode: "slow", slowMs: 8_000 },
    call: { run: "api-plans" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: errorsWith("timeout"),
  },
  {
    what: "hanging: no answer at all (1.5 s timeout)",
    call: { run: "fault-hang" },
    timeoutMs: 1_500,
    check: errorsWith("timeout"),
  },
  {
    what: "garbage: JSON cut off mid-document",
    call: { run: "fault-garbage" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: (r) => {
      expect(r.status).toBe("fail");
      expect(r.observed.httpStatus).toBe(200);
      expect(r.assertions.some((a) => a.status === "fail" && a.label.includes("plans"))).toBe(true);
    },
  },
  {
    what: "HTML where JSON was expected",
    call: { run: "fault-html" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: (r) => {
      expect(r.status).toBe("fail");
      expect(r.assertions).toContainEqual(
        expect.objectContaining({ status: "fail", actual: expect.stringContaining("text/html") }),
      );
    },
  },
  {
    what: "an answer larger than the 1 MiB limit",
    call: { run: "fault-big" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: errorsWith("too_large"),
  },
  {
    what: "a redirect loop",
    call: { run: "fault-redirect-loop" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: errorsWith("redirect_loop"),
  },
  {
    what: "JSON nested 100,000 levels deep: the failure stays in that assertion's row, the next one still passes",
    call: { run: "fault-deep-json" },
    timeoutMs: CHECK_TIMEOUT_MS,
    check: (r) => {
      expect(r.status).toBe("fail");
      expect(r.observed.httpStatus).toBe(200);
      const [data, name] = r.assertions.filter((a) => a.label.startsWith("JSON"));
      expect(data).toMatchObject({ label: "JSON data", status: "fail", expected: "= 1" });
      expect(data?.actual).toMatch(/^\[{2,8}…\]{2,8}$/);
      expect(name).toMatchObject({ label: "JSON name", status: "pass" });
    },
  },
  {
    what: "Cloudflare API 500: the version panel says so in the Pages part",
    demo: { cloudflareApi: "error" },
    call: { report: "version" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => expect(failed(r)).toEqual({ pages: "upstream_error" }),
  },
  {
    what: "Cloudflare API 429: the version panel says when to retry",
    demo: { cloudflareApi: "rate-limited" },
    call: { report: "version" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => {
      expect(failed(r)).toEqual({ pages: "rate_limited" });
      expect((r.pages as { error: { retryAfterSeconds?: number } }).error.retryAfterSeconds).toBe(30);
    },
  },
  {
    what: "Cloudflare API 500: rollback explains what it could not read",
    demo: { cloudflareApi: "error" },
    call: { report: "rollback" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => expect(failed(r)).toMatchObject({ pages: "upstream_error" }),
  },
  {
    what: "Cloudflare API 429: rollback explains what it could not read",
    demo: { cloudflareApi: "rate-limited" },
    call: { report: "rollback" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => expect(failed(r)).toMatchObject({ pages: "rate_limited" }),
  },
  {
    what: "GitHub API 500: the version panel says so in the deploy-run part",
    demo: { githubApi: "error" },
    call: { report: "version" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => expect(failed(r)).toEqual({ deployRun: "upstream_error" }),
  },
  {
    what: "GitHub rate limit (403, none remaining): the version panel says so",
    demo: { githubApi: "rate-limited" },
    call: { report: "version" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => expect(failed(r)).toEqual({ deployRun: "rate_limited" }),
  },
  {
    what: "GitHub API 500: rollback still gives its commands",
    demo: { githubApi: "error" },
    call: { report: "rollback" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => {
      expect(failed(r)).toEqual({});
      expect((r.git as Section).ok).toBe(true);
    },
  },
  {
    what: "every upstream 6 s slow: the version panel gives up at its timeout",
    demoDirect: { latencyMs: 6_000 },
    call: { report: "version" },
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    report: (r) => {
      const parts = Object.values(failed(r));
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const code of parts) expect(code).toBe("timeout");
    },
  },
];

async function call(row: Row): Promise<{ status: number; text: string }> {
  const c = row.call;
  const res =
    "run" in c
      ? await fetch(`${site}/api/checks/${c.run}/run?env=demo`, { method: "POST" })
      : "verify" in c
        ? await fetch(`${site}/api/verify?env=demo`, { method: "POST" })
        : await fetch(`${site}/api/${c.report}?env=demo`);
  return { status: res.status, text: await res.text() };
}

describe("faults upstream: a clear answer within the timeout, and the Function stays up", () => {
  beforeEach(() => resetDemo());
  afterEach(async () => {
    const health = await fetch(`${site}/api/health`);
    expect(health.status).toBe(200);
    await resetDemo();
  });

  it.each(rows)("$what", async (row) => {
    if (row.demo) await setDemo(row.demo);
    if (row.demoDirect) {
      const res = await fetch(`${inject("demoUrl")}/__demo/state`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(row.demoDirect),
      });
      expect(res.status).toBe(200);
    }
    const started = performance.now();
    const res = await call(row);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(row.timeoutMs + MARGIN_MS);
    if (row.check) row.check(checkResult.parse(JSON.parse(res.text)));
    if (row.events)
      row.events(
        res.text
          .trim()
          .split("\n")
          .map((line) => verifyEvent.parse(JSON.parse(line))),
      );
    if (row.report) row.report(JSON.parse(res.text) as Report);
  });
});
