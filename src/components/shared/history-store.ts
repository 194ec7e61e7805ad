/**
 * @module
 * The shared deployment of an environment as every widget on the page sees it: one poll (every
 * 3 s while the page is visible) of `/api/deployments?env=` and the current deployment's detail,
 * handed to each subscriber. Writes go through `send`, which polls again at once afterwards.
 */
import type { DeploymentDetail } from "../../core/history/schemas.ts";
import { type ApiOutcome, callApi } from "./api.ts";
import { NOT_SHARED } from "./history-notice.ts";
import { deploymentDetail, deploymentList } from "./history-shapes.ts";
import type { Shape } from "./shape-kit.ts";

export const POLL_MS = 3000;

export type SharedState =
  | { kind: "shared"; environment: string; current: DeploymentDetail | null }
  | { kind: "not-shared"; message: string }
  | { kind: "error"; message: string };

type Listener = (state: SharedState) => void;
const listeners = new Set<Listener>();
let environment: string | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let last: SharedState | undefined;

/** Follows `env`'s shared deployment; the listener gets every poll's state. */
export function follow(env: string, listener: Listener): () => void {
  listeners.add(listener);
  if (last && environment === env) listener(last);
  if (environment !== env) {
    environment = env;
    last = undefined;
    void poll();
  } else if (!timer) void poll();
  return () => listeners.delete(listener);
}

/** Polls now (after a write, or when the reader changes environment). */
export async function poll(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const env = environment;
  if (!env) return;
  const state = await read(env);
  if (env !== environment) return;
  last = state;
  for (const listener of listeners) listener(state);
  if (state.kind !== "not-shared") timer = setTimeout(() => void (document.hidden ? waitVisible() : poll()), POLL_MS);
}

function waitVisible(): void {
  document.addEventListener("visibilitychange", () => void poll(), { once: true });
}

async function read(env: string): Promise<SharedState> {
  const list = await callApi(`/api/deployments?env=${encodeURIComponent(env)}&limit=1`, deploymentList);
  if (!list.ok) return { kind: list.code === NOT_SHARED ? "not-shared" : "error", message: list.message };
  if (list.data.current === null) return { kind: "shared", environment: env, current: null };
  const detail = await callApi(`/api/deployments/${list.data.current}`, deploymentDetail);
  return detail.ok
    ? { kind: "shared", environment: env, current: detail.data }
    : { kind: "error", message: detail.message };
}

/** Sends a JSON write to the API, then polls so every widget shows the result. */
export async function send<T>(path: string, body: unknown, shape: Shape<T>): Promise<ApiOutcome<T>> {
  const outcome = await callApi(path, shape, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  void poll();
  return outcome;
}

/** A key that makes a retried write land once. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
