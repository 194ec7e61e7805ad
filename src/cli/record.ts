/**
 * @module
 * `--record`: writes a CI run into the team's deployment log on the runbook site, through its API and
 * as the Cloudflare Access service token the job holds (`CF_ACCESS_CLIENT_ID` / `CF_ACCESS_CLIENT_SECRET`,
 * never flags, never printed). It starts the deployment of the commit or joins the one in progress for
 * it, attaches every check result, writes the window override as a note, and finishes it when asked.
 *
 * Mistakes in how it is asked for are UsageErrors (exit 2) found before any check runs. Anything the
 * runbook answers later is a RecordingError: named on stderr, and it fails the run only with
 * `--record-required`.
 */
import { createHash } from "node:crypto";
import type { FetchLike } from "../core/checks/probe.ts";
import type { CheckResult } from "../core/result.ts";
import type { VerifyArgs } from "./args.ts";
import { UsageError } from "./config.ts";
import { RecordingError, RunbookApi, type RunbookTarget, runbookTarget } from "./runbook-api.ts";

export const FINAL_STATUSES = ["succeeded", "rolled_back", "abandoned"] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export { RecordingError };

export interface RecordPlan extends RunbookTarget {
  commit: string;
  finish: FinalStatus | undefined;
  required: boolean;
  /** Keys retries of the same CI job on the same deployment (GitHub's run id and attempt when set). */
  runKey: string;
}

/** Reads the recording flags and variables; undefined without `--record`. Every mistake names its flag. */
export function planRecording(args: VerifyArgs, env: Record<string, string | undefined>): RecordPlan | undefined {
  if (!args.record) {
    const stray = (
      [
        ["--runbook", args.watch ? undefined : args.runbook],
        ["--commit", args.commit],
        ["--finish", args.finish],
        ["--record-required", args.recordRequired || undefined],
      ] as const
    ).find(([, value]) => value !== undefined);
    if (stray)
      throw new UsageError(
        "bad_arguments",
        `${stray[0]} only applies with --record${stray[0] === "--runbook" ? " or --watch" : ""}`,
      );
    return undefined;
  }
  const target = runbookTarget("--record", args.runbook, env);
  const rawCommit = args.commit ?? env.GITHUB_SHA;
  if (rawCommit === undefined || rawCommit === "")
    throw new UsageError(
      "bad_arguments",
      "--record needs the deployed commit: --commit <sha>, or GITHUB_SHA as GitHub Actions sets it",
    );
  const commit = rawCommit.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(commit))
    throw new UsageError(
      "bad_arguments",
      `${args.commit === undefined ? "GITHUB_SHA" : "--commit"}: expected a git commit SHA (7 to 40 hex digits), got "${rawCommit.slice(0, 64)}"`,
    );
  if (args.finish !== undefined && !(FINAL_STATUSES as readonly string[]).includes(args.finish))
    throw new UsageError("bad_arguments", `--finish: expected ${FINAL_STATUSES.join(", ")}, got "${args.finish}"`);
  const run = env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? "1"}`
    : `${Date.now()}.${process.pid}`;
  return {
    ...target,
    commit,
    finish: args.finish as FinalStatus | undefined,
    required: args.recordRequired,
    runKey: run,
  };
}

/** An idempotency key the history API accepts (8-64 of [A-Za-z0-9_-]), the same for the same inputs. */
function keyOf(...parts: string[]): string {
  return `ci-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 40)}`;
}

interface DeploymentSummary {
  id: number;
  targetCommit: string;
  status: string;
  startedBy: string;
}

/** One deployment in the team's log, opened for this run. */
export class Recording {
  readonly identity: string;
  readonly deployment: DeploymentSummary;
  readonly joined: boolean;
  readonly #api: RunbookApi;
  readonly #plan: RecordPlan;

  private constructor(
    api: RunbookApi,
    plan: RecordPlan,
    identity: string,
    deployment: DeploymentSummary,
    joined: boolean,
  ) {
    this.#api = api;
    this.#plan = plan;
    this.identity = identity;
    this.deployment = deployment;
    this.joined = joined;
  }

  /**
   * Asks the runbook who we are (Access refusing us is found here), then joins the deployment in progress
   * for the commit or starts one. A runbook behind Access with no token set is a UsageError (exit 2).
   */
  static async open(plan: RecordPlan, environment: string, fetch: FetchLike): Promise<Recording> {
    const api = new RunbookApi(plan, fetch, "--record");
    const identity = await api.whoami();
    const list = await api.json<{ current: number | null; deployments: DeploymentSummary[] }>(
      "GET",
      `/api/deployments?env=${encodeURIComponent(environment)}&limit=20`,
    );
    const current = list.deployments.find((d) => d.status === "in_progress");
    if (current && sameCommit(current.targetCommit, plan.commit))
      return new Recording(api, plan, identity, current, true);
    if (current)
      throw new RecordingError(
        `deployment ${current.id} of ${environment} is in progress for commit ${current.targetCommit.slice(0, 12)} (started by ${current.startedBy}), not ${plan.commit.slice(0, 12)}; finish it in the runbook first`,
      );
    const started = await api.json<{ deployment: DeploymentSummary }>(
      "POST",
      `/api/deployments?env=${encodeURIComponent(environment)}`,
      { targetCommit: plan.commit, idempotencyKey: keyOf("start", environment, plan.commit, plan.runKey) },
    );
    return new Recording(api, plan, identity, started.deployment, false);
  }

  /** Attaches each check's result to the deployment. */
  async attach(results: readonly CheckResult[], source: "check" | "verify-all"): Promise<void> {
    for (const r of results)
      await this.#api.json("POST", `/api/deployments/${this.deployment.id}/checks`, {
        checkId: r.checkId,
        source,
        status: r.status,
        summary: r.summary.slice(0, 500),
        checkedAt: r.checkedAt,
      });
  }

  async note(text: string): Promise<void> {
    await this.#api.json("POST", `/api/deployments/${this.deployment.id}/notes`, {
      text,
      idempotencyKey: keyOf("note", String(this.deployment.id), text, this.#plan.runKey),
    });
  }

  async finish(status: FinalStatus): Promise<void> {
    await this.#api.json("POST", `/api/deployments/${this.deployment.id}/status`, { status });
  }
}

function sameCommit(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
