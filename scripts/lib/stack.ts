/**
 * @module
 * The whole local stack: the demo Dashtray, then the built site and its Functions in workerd
 * (`wrangler pages dev`). Used by `npm start`, the tests and the benchmarks, so all three run the
 * same thing.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { demoNotificationBindings } from "../../src/demo/notification-sinks.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { DEFAULT_WEBHOOK_SECRET } from "../../src/demo/webhooks.ts";
import { DATABASE_NAME } from "../../src/server/history/database.ts";
import {
  freePort,
  type Managed,
  root,
  runPackageBin,
  startPackageBin,
  waitForHttp,
  withErrorLines,
} from "./processes.ts";
import { startWatchWorker, type WatchWorker } from "./watch-worker.ts";

export interface StackOptions {
  /** Port of the site (0 = any free port). */
  port: number;
  /** Port of the demo Dashtray (0 = any free port). */
  demoPort: number;
  /** Build the site first (otherwise `dist/` must exist). */
  build: boolean;
  /** Print wrangler's output. */
  verbose?: boolean;
  /**
   * Extra bindings for the Function (tests use them for config errors). The stack sets
   * `RUNBOOK_ACCESS=off` (Cloudflare Access verification off, as in local development); pass
   * `RUNBOOK_ACCESS: "on"` with the `ACCESS_*` bindings to turn it on.
   */
  bindings?: Record<string, string>;
  /**
   * Called with every line wrangler and workerd print (stdout and stderr), at wrangler's `info` log
   * level; printed only with `verbose`.
   */
  onLog?: (line: string) => void;
  /** Leave the demo out: the stack then looks like a deployed copy. */
  withoutDemo?: boolean;
  /**
   * Run wrangler as if started in this folder (`--cwd`): one with a wrangler.toml of its own and
   * `dist` and `functions` linked to the project's (the Rate Limiting binding test, `test/support/binding-stack.ts`).
   */
  wranglerDir?: string;
  /**
   * Where workerd keeps local state, the D1 database included (`--persist-to`). Default: wrangler's
   * own `.wrangler/state` in the project, so `npm start` keeps its history across restarts; tests
   * pass a temporary folder.
   */
  persistTo?: string;
  /**
   * Apply the D1 migrations (and, with the demo, its seeded history) before serving. Default: only
   * with `persistTo` (a test's or benchmark's own state); `npm start` passes true. Stacks that do not
   * use the history skip the ~8 s this takes; their audit writes are then skipped with one log line.
   */
  database?: boolean;
  /**
   * Run the watch Worker beside the site on the same local D1 (default: where the stack prepares its
   * database, unless `wranglerDir` gives the site a state folder of its own; the Worker needs the
   * migrated tables). The site reaches it through `RUNBOOK_WATCH_ORIGIN`.
   */
  watch?: boolean;
  /**
   * Seconds between the local clock's calls of the Worker's scheduled handler (`npm start`: the demo's
   * schedule). Default: no clock; tests fire it with `stack.watch.scheduled()`.
   */
  clockSeconds?: number;
}

export interface Stack {
  url: string;
  demo: DemoServer | undefined;
  /** The watch Worker, when the stack runs one. */
  watch: WatchWorker | undefined;
  stop(): Promise<void>;
}

/**
 * Vitest copies Vite's `import.meta.env` into `process.env` (`NODE_ENV=test`, `MODE=test`, `DEV=1`,
 * `SSR=1`); Astro's build would read them and render pages in development mode (Starlight then
 * leaves its search out). A build is a production build wherever it is started from.
 */
const productionBuildEnv = {
  NODE_ENV: "production",
  MODE: undefined,
  DEV: undefined,
  PROD: undefined,
  SSR: undefined,
  BASE_URL: undefined,
};

/**
 * The local clock's pace: the shortest schedule of the config (the demo's 10 s), at most a minute (the
 * Cron Trigger's own pace deployed).
 */
export function localClockSeconds(): number {
  const paces = Object.values(rawConfig.environments).flatMap((e) =>
    "schedule" in e && e.schedule && typeof e.schedule.everySeconds === "number" ? [e.schedule.everySeconds] : [],
  );
  return Math.min(60, ...paces);
}

export async function buildSite(quiet = false): Promise<void> {
  await runPackageBin("astro/bin/astro.mjs", ["build"], { quiet, env: productionBuildEnv });
}

export async function startStack(options: StackOptions): Promise<Stack> {
  if (options.build) await buildSite(!options.verbose);
  if (!existsSync(join(root, "dist", "index.html")))
    throw new Error("dist/ has no built site: run `npm run build` first");
  const cwd = options.wranglerDir ? ["--cwd", options.wranglerDir] : [];
  const persist = options.persistTo ? ["--persist-to", options.persistTo] : [];
  const database = options.database ?? options.persistTo !== undefined;
  if (database) await prepareDatabase({ cwd, persist, seedDemo: !options.withoutDemo, quiet: !options.verbose });
  const demo = options.withoutDemo ? undefined : await startDemoServer({ port: options.demoPort });
  const port = options.port || (await freePort());
  const demoBindings = {
    ...(demo && {
      RUNBOOK_DEMO_ORIGIN: demo.url,
      DEMO_CLOUDFLARE_API_TOKEN: "demo-token",
      // The rollback action's own token (Pages Edit), apart from the read token.
      DEMO_CLOUDFLARE_WRITE_TOKEN: "demo-write-token",
      // The Convex redeploy's own token (GitHub Actions: write), apart from the read token.
      DEMO_GITHUB_WRITE_TOKEN: "demo-write-token",
      DEMO_GITHUB_TOKEN: "demo-token",
      DEMO_CONVEX_DEPLOY_KEY: "demo-token",
      // The demo endpoint's published signing secret, so the webhook probe's signed case runs on the demo.
      DEMO_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
      // The demo's notification channels: its Slack, webhook and PagerDuty sinks.
      ...demoNotificationBindings(demo.url),
    }),
  };
  let wrangler: Managed | undefined;
  let watch: WatchWorker | undefined;
  try {
    if (options.watch ?? (database && options.wranglerDir === undefined))
      watch = await startWatchWorker({
        persistTo: options.persistTo ?? join(root, ".wrangler", "state"),
        // The site's address too, for links back to its pages in the notifications the Worker sends.
        vars: { ...demoBindings, RUNBOOK_SITE_URL: `http://127.0.0.1:${port}`, ...options.bindings },
        ...(options.clockSeconds !== undefined && { clockSeconds: options.clockSeconds }),
        ...(options.verbose !== undefined && { verbose: options.verbose }),
        ...(options.onLog && { onLog: options.onLog }),
      });
    const bindings = {
      RUNBOOK_ACCESS: "off",
      ...demoBindings,
      ...(watch && { RUNBOOK_WATCH_ORIGIN: watch.url }),
      ...options.bindings,
    };
    wrangler = startPackageBin(
      "wrangler/bin/wrangler.js",
      [
        ...cwd,
        "pages",
        "dev",
        "./dist",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        // The system picks the devtools port as it binds (see watch-worker.ts: wrangler's own pick races).
        "--inspector-port",
        "0",
        "--show-interactive-dev-session=false",
        ...persist,
        "--log-level",
        options.verbose || options.onLog ? "info" : "warn",
        ...Object.entries(bindings).flatMap(([k, v]) => ["--binding", `${k}=${v}`]),
      ],
      { quiet: !options.verbose, ...(options.onLog && { onLine: options.onLog }) },
    );
    const url = `http://127.0.0.1:${port}`;
    // Shared CI machines can take well over the ~2 s workerd needs on an idle one.
    const running = wrangler;
    await waitForHttp(`${url}/api/health`, 60_000, running.exited).catch((error: unknown) => {
      throw withErrorLines(error, running);
    });
    const worker = watch;
    return {
      url,
      demo,
      watch: worker,
      async stop() {
        await Promise.all([running.stop(), worker?.stop()]);
        await demo?.close();
      },
    };
  } catch (error) {
    await wrangler?.stop();
    await watch?.stop();
    await demo?.close();
    throw error;
  }
}

/** Runs SQL against the local D1 database in `persistTo` (tests and benchmarks seed rows with it). */
export async function executeLocalSql(sql: string, persistTo: string): Promise<void> {
  await runPackageBin(
    "wrangler/bin/wrangler.js",
    ["d1", "execute", DATABASE_NAME, "--local", "--persist-to", persistTo, "--command", sql, "--yes"],
    {
      quiet: true,
      env: { CI: "1" },
    },
  );
}

/**
 * Brings the local D1 database up to date, offline: `wrangler d1 migrations apply --local` (only the
 * migrations not yet applied), then, with the demo, its seeded history (the seed adds it only once).
 * A failure stops the start with wrangler's own words and the fix.
 */
async function prepareDatabase(options: {
  cwd: string[];
  persist: string[];
  seedDemo: boolean;
  quiet: boolean;
}): Promise<void> {
  const where = options.persist[1] ?? ".wrangler/state";
  const d1 = (...args: string[]) =>
    runPackageBin(
      "wrangler/bin/wrangler.js",
      [...options.cwd, "d1", ...args, DATABASE_NAME, "--local", ...options.persist],
      {
        quiet: options.quiet,
        env: { CI: "1" },
      },
    );
  try {
    await d1("migrations", "apply");
  } catch (error) {
    throw new Error(
      `could not apply the D1 migrations in migrations/ to the local database in ${where}: fix the migration wrangler names below, or delete ${where}/v3/d1 to start from an empty history.\n${(error as Error).message}`,
    );
  }
  if (!options.seedDemo) return;
  try {
    await d1("execute", "--file", join(root, "scripts", "seed", "demo-history.sql"), "--yes");
  } catch (error) {
    throw new Error(`could not seed the demo's history (scripts/seed/demo-history.sql): ${(error as Error).message}`);
  }
}
