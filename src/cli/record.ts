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

export const FINAL_STATUSES = ["succeeded", "rolled_back", "abandoned"] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export class RecordingError extends Error {}

export interface RecordPlan {
  runbook: URL;
  commit: string;
  finish: FinalStatus | undefined;
  required: boolean;
  credentials: { id: string; secret: string } | undefined;
  /** Keys retries of the same CI job on the same deployment (GitHub's run id and attempt when set). */
  runKey: string;
}

type Fetch = FetchLike;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Reads the recording flags and variables; undefined without `--record`. Every mistake names its flag. */
export function planRecording(args: VerifyArgs, env: Record<string, string | undefined>): RecordPlan | undefined {
  if (!args.record) {
    const stray = (
      [
        ["--runbook", args.runbook],
        ["--commit", args.commit],
        ["--finish", args.finish],
        ["--record-required", args.recordRequired || undefined],
      ] as const
    ).find(([, value]) => value !== undefined);
    if (stray) throw new UsageError("bad_arguments", `${stray[0]} only applies with --record`);
    return undefined;
  }
  if (args.runbook === undefined)
    throw new UsageError("bad_arguments", "--record needs --runbook <url>: the runbook site whose log to record into");
  let runbook: URL;
  try {
    runbook = new URL(args.runbook);
  } catch {
    throw new UsageError(
      "bad_arguments",
      `--runbook: expected the runbook's URL such as https://runbook.dashtray.example, got "${args.runbook}"`,
    );
  }
  const local = LOOPBACK.has(runbook.hostname);
  if (runbook.protocol !== "https:" && !(runbook.protocol === "http:" && local))
    throw new UsageError(
      "bad_arguments",
      `--runbook: expected an https:// URL (http:// only on this machine), got "${args.runbook}"`,
    );
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
  const id = env.CF_ACCESS_CLIENT_ID || undefined;
  const secret = env.CF_ACCESS_CLIENT_SECRET || undefined;
  if ((id === undefined) !== (secret === undefined))
    throw new UsageError(
      "bad_arguments",
      `--record: ${id === undefined ? "CF_ACCESS_CLIENT_ID" : "CF_ACCESS_CLIENT_SECRET"} is not set, while ${id === undefined ? "CF_ACCESS_CLIENT_SECRET" : "CF_ACCESS_CLIENT_ID"} is: an Access service token needs both`,
    );
  const run = env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? "1"}`
    : `${Date.now()}.${process.pid}`;
  return {
    runbook,
    commit,
    finish: args.finish as FinalStatus | undefined,
    required: args.recordRequired,
    credentials: id && secret ? { id, secret } : undefined,
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
  readonly #api: Api;
  readonly #plan: RecordPlan;

  private constructor(api: Api, plan: RecordPlan, identity: string, deployment: DeploymentSummary, joined: boolean) {
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
  static async open(plan: RecordPlan, environment: string, fetch: Fetch): Promise<Recording> {
    const api = new Api(plan, fetch);
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

/** The runbook's API as this job reaches it: Access headers on every request, answers read as JSON. */
class Api {
  readonly #plan: RecordPlan;
  readonly #fetch: Fetch;

  constructor(plan: RecordPlan, fetch: Fetch) {
    this.#plan = plan;
    this.#fetch = fetch;
  }

  /** Who the runbook says we are; an Access refusal without a token is a UsageError naming --record. */
  async whoami(): Promise<string> {
    const res = await this.#send("GET", "/api/whoami");
    if (res.ok) {
      const body = (await res.json().catch(() => null)) as {
        identity?: { email?: string; commonName?: string } | null;
        access?: string;
      } | null;
      if (body?.access === "off") return "local";
      const who = body?.identity?.commonName ? `service:${body.identity.commonName}` : body?.identity?.email;
      if (who) return who;
      throw new RecordingError(
        `${this.#where("/api/whoami")} answered without an identity; is --runbook the runbook site?`,
      );
    }
    if (isAccessRefusal(res)) {
      if (!this.#plan.credentials)
        throw new UsageError(
          "bad_arguments",
          `--record: ${this.#plan.runbook.origin} is behind Cloudflare Access and CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET are not set; give the job an Access service token`,
        );
      throw new RecordingError(
        `Cloudflare Access refused the service token in CF_ACCESS_CLIENT_ID (HTTP ${res.status}${await errorText(res)}); check that the token is valid and that the Access application's policy has a Service Auth rule for it`,
      );
    }
    throw new RecordingError(`${this.#where("/api/whoami")} answered HTTP ${res.status}${await errorText(res)}`);
  }

  async json<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const res = await this.#send(method, path, body);
    if (!res.ok)
      throw new RecordingError(`${method} ${this.#where(path)} answered HTTP ${res.status}${await errorText(res)}`);
    return (await res.json().catch(() => {
      throw new RecordingError(`${method} ${this.#where(path)} did not answer JSON`);
    })) as T;
  }

  #where(path: string): string {
    return `${this.#plan.runbook.origin}${path.split("?")[0]}`;
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const creds = this.#plan.credentials;
    if (creds) {
      headers["cf-access-client-id"] = creds.id;
      headers["cf-access-client-secret"] = creds.secret;
    }
    try {
      return await this.#fetch(new URL(path, this.#plan.runbook).href, {
        method,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(15_000),
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RecordingError(
        `the runbook at ${this.#plan.runbook.origin} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`,
      );
    }
  }
}

/** Access at the edge redirects to its login page or answers 401/403; the Function's own check answers 401/403 `access_*`. */
function isAccessRefusal(res: Response): boolean {
  if (res.status === 401 || res.status === 403) return true;
  const location = res.headers.get("location") ?? "";
  return res.status >= 300 && res.status < 400 && /cloudflareaccess\.com|\/cdn-cgi\/access\//.test(location);
}

/** `: <code>: <message>` from the runbook's `{ error }` body, else nothing (never a raw body). */
async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const { code, message } = body?.error ?? {};
  return typeof code === "string" && typeof message === "string" ? `: ${code}: ${message.slice(0, 300)}` : "";
}
