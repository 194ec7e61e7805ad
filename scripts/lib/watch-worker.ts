/**
 * @module
 * The watch Worker beside the site (`wrangler dev`), on the very same local D1: `--persist-to` the
 * stack's state folder, and the same `database_id` in workers/watch/wrangler.toml. `wrangler dev` never
 * fires Cron Triggers by itself, and the demo's schedule (every 10 s) is finer than a cron's one minute,
 * so a local clock fires the `scheduled()` handler at the stack's pace through miniflare's
 * `/cdn-cgi/local/scheduled?cron=&time=` (it takes the scheduled time, which `--test-scheduled`'s
 * `/__scheduled` ignores, and answers once the handler has finished). Tests leave the clock off and fire
 * it themselves, so no scheduled run lands in the middle of a test that counts requests at the demo.
 */
import { join } from "node:path";
import { freePort, type Managed, root, startPackageBin, waitForHttp, withErrorLines } from "./processes.ts";

export interface WatchWorkerOptions {
  /** Where the site's workerd keeps its state (the D1 database both share). */
  persistTo: string;
  /** Variables of the Worker: the same demo origin and config-named tokens the Function has. */
  vars: Record<string, string>;
  /** Seconds between two calls of the scheduled handler; 0 or absent: no clock. */
  clockSeconds?: number;
  verbose?: boolean;
  onLog?: (line: string) => void;
}

export interface WatchWorker {
  url: string;
  /** Fires the scheduled handler once, as the Cron Trigger would, for `time` (ms; default now). */
  scheduled(time?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The cron expression the Worker is deployed with (workers/watch/wrangler.toml). */
export const WATCH_CRON = "* * * * *";

/** Miniflare's trigger for the `scheduled()` handler of the Worker at `origin`. */
export function scheduledUrl(origin: string, time?: number): string {
  const at = time === undefined ? "" : `&time=${Math.round(time)}`;
  return `${origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(WATCH_CRON)}${at}`;
}

export async function startWatchWorker(options: WatchWorkerOptions): Promise<WatchWorker> {
  const port = await freePort();
  const worker: Managed = startPackageBin(
    "wrangler/bin/wrangler.js",
    [
      "dev",
      "--config",
      join(root, "workers", "watch", "wrangler.toml"),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      // Port 0: the system picks a free one as it binds. Left to wrangler, the devtools port is the first
      // free one from 9229 as probed a moment before binding, and two stacks starting together (the
      // e2e stack and a test's own, or two engineers' runs) race for it: the loser exits "Address already
      // in use" before it is ready.
      "--inspector-port",
      "0",
      "--persist-to",
      options.persistTo,
      "--show-interactive-dev-session=false",
      "--log-level",
      options.verbose || options.onLog ? "info" : "warn",
      ...Object.entries(options.vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    { quiet: !options.verbose, ...(options.onLog && { onLine: options.onLog }) },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, 60_000, worker.exited);
  } catch (error) {
    await worker.stop();
    throw withErrorLines(error, worker);
  }
  const scheduled = async (time?: number) => {
    const res = await fetch(scheduledUrl(url, time));
    await res.text();
    if (!res.ok) throw new Error(`the watch Worker's scheduled handler answered ${res.status}`);
  };
  const clock =
    options.clockSeconds && options.clockSeconds > 0
      ? setInterval(
          () => scheduled().catch((error: unknown) => console.error(`[watch clock] ${(error as Error).message}`)),
          options.clockSeconds * 1000,
        )
      : undefined;
  return {
    url,
    scheduled,
    async stop() {
      clearInterval(clock);
      await worker.stop();
    },
  };
}
