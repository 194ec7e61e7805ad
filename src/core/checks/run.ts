/**
 * @module
 * Runs checks: one probe and its assertions (`runCheck`), or the smoke suite sampled N times per
 * endpoint and judged against the runbook's Success Criteria (`runSmoke`).
 */
import type { CheckDefinition } from "../config/checks.ts";
import type { ResolvedEnvironment } from "../config/load.ts";
import type { RunbookConfig } from "../config/schema.ts";
import type { CheckResult, VerifySummary } from "../result.ts";
import { evaluateResponse, worstOf } from "./assertions.ts";
import { judge } from "./judge.ts";
import { type FetchLike, type ProbeOutcome, type ProbeRequest, probe } from "./probe.ts";
import { pool, sampleStats } from "./stats.ts";

export { judge } from "./judge.ts";

export interface RunContext {
  fetch: FetchLike;
  environment: ResolvedEnvironment;
  now?: () => Date;
}

/** The request a check makes, built only from config: nothing from a caller reaches it. */
export function buildRequest(environment: ResolvedEnvironment, check: CheckDefinition): ProbeRequest {
  const base = environment.targets[check.target];
  if (base === undefined) throw new Error(`[checks] environment "${environment.id}" has no target "${check.target}"`);
  return {
    method: check.method,
    url: joinUrl(base, check.path),
    headers: { "user-agent": "dashtray-runbook-check", ...check.headers },
    body: check.body,
    timeoutMs: check.timeoutMs,
    maxBytes: check.maxBytes,
    followRedirects: check.followRedirects,
    allowedOrigins: [...new Set(Object.values(environment.targets).map((t) => new URL(t).origin))],
  };
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

/** Runs one check once and returns its typed result. */
export async function runCheck(ctx: RunContext, check: CheckDefinition): Promise<CheckResult> {
  const started = performance.now();
  const request = buildRequest(ctx.environment, check);
  const outcome = await probe(ctx.fetch, request);
  return toResult(ctx, check, request, outcome, performance.now() - started);
}

function toResult(
  ctx: RunContext,
  check: CheckDefinition,
  request: ProbeRequest,
  outcome: ProbeOutcome,
  durationMs: number,
): CheckResult {
  const base = {
    checkId: check.id,
    title: check.title,
    environment: ctx.environment.id,
    request: { method: request.method, url: request.url },
    durationMs: Math.round(durationMs),
    checkedAt: (ctx.now?.() ?? new Date()).toISOString(),
    cached: false,
  };
  if (outcome.kind === "failure") {
    return {
      ...base,
      status: "error",
      summary: `Could not get an answer: ${outcome.message}.`,
      assertions: [],
      observed: {
        latencyMs: outcome.latencyMs,
        redirects: outcome.redirects,
        ...(outcome.status !== undefined && { httpStatus: outcome.status }),
      },
      error: { code: outcome.code, message: outcome.message },
    };
  }
  const assertions = evaluateResponse(check, outcome);
  const status = worstOf(assertions);
  const failing = assertions.filter((a) => a.status !== "pass");
  const lead = `HTTP ${outcome.status} in ${Math.round(outcome.latencyMs)} ms`;
  const summary =
    failing.length === 0
      ? `${lead}; ${assertions.length} of ${assertions.length} assertions pass.`
      : `${lead}; ${failing
          .slice(0, 2)
          .map((a) => `${a.label}: expected ${a.expected}, got ${a.actual}`)
          .join("; ")}${failing.length > 2 ? ` (+${failing.length - 2} more)` : ""}.`;
  return {
    ...base,
    status,
    summary,
    assertions,
    observed: {
      httpStatus: outcome.status,
      latencyMs: outcome.latencyMs,
      contentType: outcome.contentType,
      bytes: outcome.bytes,
      redirects: outcome.redirects,
    },
  };
}

const rank = { pass: 0, warn: 1, fail: 2, error: 3 } as const;

/** A sample counts as an error when the target did not answer or answered 5xx. */
function isErrorSample(result: CheckResult): boolean {
  return result.status === "error" || (result.observed.httpStatus ?? 0) >= 500;
}

export interface Sampled {
  result: CheckResult;
  /** Latencies of the samples that got an answer. */
  latencies: number[];
  errors: number;
  count: number;
}

/**
 * One check sampled `samples` times with at most `concurrency` requests in flight, folded into one
 * result, with the raw figures a verify-all verdict is judged on (one invocation's share of verify-all).
 */
export async function sample(
  ctx: RunContext,
  check: CheckDefinition,
  samples: number,
  concurrency: number,
): Promise<Sampled> {
  const started = performance.now();
  const runs = await pool(
    concurrency,
    Array.from({ length: samples }, () => () => runCheck(ctx, check)),
  );
  return fold(runs, samples, started);
}

/** Folds the samples of one check into one result: the worst sample's assertions, with error rate and percentiles. */
function fold(runs: CheckResult[], samples: number, started: number): Sampled {
  // The shown sample is the worst, and the slowest among equally bad ones: its latency then agrees
  // with the percentiles beside it (with fewer than 20 samples, p95 is the slowest answer).
  const worst = runs.reduce((a, b) =>
    rank[b.status] > rank[a.status] ||
    (rank[b.status] === rank[a.status] && (b.observed.latencyMs ?? 0) > (a.observed.latencyMs ?? 0))
      ? b
      : a,
  );
  const latencies = runs.filter((r) => r.status !== "error").map((r) => r.observed.latencyMs ?? 0);
  const errors = runs.filter(isErrorSample).length;
  const stats = sampleStats(latencies, errors, runs.length);
  const sampled =
    samples > 1
      ? ` (worst of ${samples} samples shown; all ${samples}: ${stats.errors} errors, p50 ${stats.p50Ms} ms, p95 ${stats.p95Ms} ms)`
      : "";
  const result = {
    ...worst,
    summary: `${worst.summary.replace(/\.$/, "")}${sampled}.`,
    samples: stats,
    durationMs: Math.round(performance.now() - started),
  };
  return { result, latencies, errors, count: runs.length };
}

/**
 * Runs one check `samples` times with at most `concurrency` requests in flight, and folds the samples
 * into one result: the worst sample's assertions, plus error rate and latency percentiles.
 */
export async function runSampled(
  ctx: RunContext,
  check: CheckDefinition,
  samples: number,
  concurrency: number,
): Promise<CheckResult> {
  return (await sample(ctx, check, samples, concurrency)).result;
}

export interface SmokeOptions {
  criteria: RunbookConfig["successCriteria"];
  /** Called as each check completes, in completion order. */
  onResult?: (result: CheckResult) => void;
  /**
   * What one invocation may do (a Cloudflare Function: 6 connections, 50 subrequests on the Free plan).
   * Without it every check samples with `criteria.concurrency` in flight, as the CLI does.
   */
  limits?: SmokeLimits;
}

export interface SmokeLimits {
  /** Requests in flight at once, over all checks. */
  connections: number;
  /** Requests in all; samples per check are cut to fit. */
  requests: number;
}

/** The smoke checks of an environment (those with `smoke: true`). */
export function smokeChecks(environment: ResolvedEnvironment): CheckDefinition[] {
  return environment.checks.filter((c) => c.smoke);
}

/** Samples per check that fit `limits`: the configured number, or fewer (at least one) so the run stays in budget. */
export function samplesPerCheck(checks: number, samples: number, limits: SmokeLimits | undefined): number {
  if (!limits || checks === 0) return samples;
  return Math.max(1, Math.min(samples, Math.floor(limits.requests / checks)));
}

/**
 * Runs every smoke check (each sampled) and judges the run against the Success Criteria. With `limits`,
 * one queue of probes keeps at most `limits.connections` requests in flight over all checks, so no
 * request waits in the runtime's own connection queue: each probe's clock and deadline start when its
 * request is sent, and the latencies it reports are the target's.
 */
export async function runSmoke(
  ctx: RunContext,
  options: SmokeOptions,
): Promise<{ results: CheckResult[]; summary: VerifySummary }> {
  const started = performance.now();
  const { criteria, limits } = options;
  const checks = smokeChecks(ctx.environment);
  const samples = samplesPerCheck(checks.length, criteria.samples, limits);
  const finish = (runs: CheckResult[], startedAt: number) => {
    const s = fold(runs, samples, startedAt);
    options.onResult?.(s.result);
    return s;
  };
  const sampled = limits
    ? await sampleQueued(ctx, checks, samples, limits.connections, finish)
    : await Promise.all(
        checks.map(async (check) => {
          const startedAt = performance.now();
          const runs = await pool(
            criteria.concurrency,
            Array.from({ length: samples }, () => () => runCheck(ctx, check)),
          );
          return finish(runs, startedAt);
        }),
      );
  const results = sampled.map((s) => s.result);
  const latencies = sampled.flatMap((s) => s.latencies);
  const errors = sampled.reduce((n, s) => n + s.errors, 0);
  const count = sampled.reduce((n, s) => n + s.count, 0);
  const summary = judge(ctx, results, { latencies, errors, count }, criteria, performance.now() - started);
  if (samples < criteria.samples)
    summary.summary = `${summary.summary} (${samples} sample${samples === 1 ? "" : "s"} per check instead of ${criteria.samples}, to stay within ${limits?.requests} requests per invocation.)`;
  return { results, summary };
}

/** All samples of all checks through one queue with `connections` in flight, check by check, so results arrive as checks finish. */
async function sampleQueued(
  ctx: RunContext,
  checks: readonly CheckDefinition[],
  samples: number,
  connections: number,
  finish: (runs: CheckResult[], startedAt: number) => Sampled,
): Promise<Sampled[]> {
  const done = checks.map(() => ({ runs: [] as CheckResult[], startedAt: 0 }));
  const folded: Sampled[] = new Array(checks.length);
  const tasks = checks.flatMap((check, index) =>
    Array.from({ length: samples }, () => async () => {
      const slot = done[index] as { runs: CheckResult[]; startedAt: number };
      if (slot.runs.length === 0 && slot.startedAt === 0) slot.startedAt = performance.now();
      slot.runs.push(await runCheck(ctx, check));
      if (slot.runs.length === samples) folded[index] = finish(slot.runs, slot.startedAt);
    }),
  );
  await pool(connections, tasks);
  return folded;
}
