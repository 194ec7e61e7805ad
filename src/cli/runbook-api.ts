/**
 * @module
 * The runbook site's API as a CI job reaches it (`--record`, `--watch`): the URL from `--runbook`, the
 * Cloudflare Access service token from `CF_ACCESS_CLIENT_ID` / `CF_ACCESS_CLIENT_SECRET` (never flags,
 * never printed) on every request, answers read as JSON, refusals named. A runbook behind Access with no
 * token set is a UsageError naming the flag (exit 2); anything else it answers is a RecordingError.
 */
import type { FetchLike } from "../core/checks/probe.ts";
import { UsageError } from "./config.ts";

/** The runbook answered, or could not be reached, in a way that stops what was asked of it. */
export class RecordingError extends Error {}

export interface RunbookTarget {
  runbook: URL;
  credentials: { id: string; secret: string } | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Reads `--runbook` and the token variables for `flag`; every mistake names its flag or variable. */
export function runbookTarget(
  flag: string,
  raw: string | undefined,
  env: Record<string, string | undefined>,
): RunbookTarget {
  if (raw === undefined)
    throw new UsageError("bad_arguments", `${flag} needs --runbook <url>: the runbook site it talks to`);
  let runbook: URL;
  try {
    runbook = new URL(raw);
  } catch {
    throw new UsageError(
      "bad_arguments",
      `--runbook: expected the runbook's URL such as https://runbook.dashtray.example, got "${raw}"`,
    );
  }
  if (runbook.protocol !== "https:" && !(runbook.protocol === "http:" && LOOPBACK.has(runbook.hostname)))
    throw new UsageError(
      "bad_arguments",
      `--runbook: expected an https:// URL (http:// only on this machine), got "${raw}"`,
    );
  const id = env.CF_ACCESS_CLIENT_ID || undefined;
  const secret = env.CF_ACCESS_CLIENT_SECRET || undefined;
  if ((id === undefined) !== (secret === undefined))
    throw new UsageError(
      "bad_arguments",
      `${flag}: ${id === undefined ? "CF_ACCESS_CLIENT_ID" : "CF_ACCESS_CLIENT_SECRET"} is not set, while ${id === undefined ? "CF_ACCESS_CLIENT_SECRET" : "CF_ACCESS_CLIENT_ID"} is: an Access service token needs both`,
    );
  return { runbook, credentials: id && secret ? { id, secret } : undefined };
}

/** The runbook's API as this job reaches it: Access headers on every request, answers read as JSON. */
export class RunbookApi {
  readonly #plan: RunbookTarget;
  readonly #fetch: FetchLike;
  /** The flag that asked for the runbook (`--record`, `--watch`), for the message when Access wants a token. */
  readonly #flag: string;

  constructor(plan: RunbookTarget, fetch: FetchLike, flag: string) {
    this.#plan = plan;
    this.#fetch = fetch;
    this.#flag = flag;
  }

  /** Who the runbook says we are; an Access refusal without a token is a UsageError naming the flag that asked. */
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
          `${this.#flag}: ${this.#plan.runbook.origin} is behind Cloudflare Access and CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET are not set; give the job an Access service token`,
        );
      throw new RecordingError(
        `Cloudflare Access refused the service token in CF_ACCESS_CLIENT_ID (HTTP ${res.status}${await errorText(res)}); check that the token is valid and that the Access application's policy has a Service Auth rule for it`,
      );
    }
    throw new RecordingError(`${this.#where("/api/whoami")} answered HTTP ${res.status}${await errorText(res)}`);
  }

  async json<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    return (await this.jsonWithStatus<T>(method, path, body)).answer;
  }

  /** The answer and its status (201 created vs 200 joined), or a RecordingError naming the refusal. */
  async jsonWithStatus<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<{ answer: T; status: number }> {
    const res = await this.#send(method, path, body);
    if (!res.ok)
      throw new RecordingError(`${method} ${this.#where(path)} answered HTTP ${res.status}${await errorText(res)}`);
    const answer = (await res.json().catch(() => {
      throw new RecordingError(`${method} ${this.#where(path)} did not answer JSON`);
    })) as T;
    return { answer, status: res.status };
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
