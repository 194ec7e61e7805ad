/**
 * @module
 * `verify --watch`: starts the post-deploy watch (step 6's monitor) on the runbook site, or joins the one
 * running, from a terminal or the deploy job; `--restart` ends the running watch and starts a new one
 * (after a rollback, to watch the recovery). The watch Worker then samples it server-side for its whole
 * window with no page open; this only asks for it, as the service token, and says what it got.
 */
import type { FetchLike } from "../core/checks/probe.ts";
import { RecordingError, RunbookApi, type RunbookTarget } from "./runbook-api.ts";

interface WatchAnswer {
  sampler?: string;
  watch: { id: number; startedAt: string; startedBy: string; intervalMs: number; windowMs: number };
}

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/** Asks for the watch; the line to print. A refusal or an unreachable runbook is a RecordingError. */
export async function startWatch(
  target: RunbookTarget,
  environment: string,
  restart: boolean,
  fetch: FetchLike,
): Promise<string> {
  const api = new RunbookApi(target, fetch, "--watch");
  await api.whoami();
  const query = `env=${encodeURIComponent(environment)}${restart ? "&restart=true" : ""}`;
  const { answer, status } = await api.jsonWithStatus<WatchAnswer>("POST", `/api/monitor?${query}`);
  const { watch } = answer;
  if (!watch) throw new RecordingError("the runbook answered without a watch");
  const what =
    status === 201
      ? restart
        ? "restarted"
        : "started"
      : `joined (started by ${watch.startedBy} at ${watch.startedAt})`;
  const by =
    answer.sampler === "worker"
      ? "sampled server-side by the watch Worker"
      : `sampled by ${answer.sampler ?? "the page"}`;
  return `Watch ${watch.id} of ${environment} ${what}: ${by} every ${minutes(watch.intervalMs)} for ${minutes(watch.windowMs)}. Follow it at ${new URL("/deploy/6-monitor/", target.runbook).href}`;
}
