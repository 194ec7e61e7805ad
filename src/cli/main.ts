/**
 * @module
 * `verify` as a function of its arguments, environment and streams, returning the exit code:
 * 0 the success criteria hold (one check: pass or warn), 1 they do not, 2 bad arguments or config.
 */
import { runCheck, runSmoke, smokeChecks } from "../core/checks/run.ts";
import { parseArgs, USAGE } from "./args.ts";
import { pickCheck, pickEnvironment, readConfig, UsageError } from "./config.ts";
import { chooseDemoOrigin, demoOriginNote } from "./demo-origin.ts";
import { formatCheck, formatSummary, progressLayout, progressLine, styleFor } from "./format.ts";
import { createFetch } from "./http.ts";
import { windowClock, windowWarning } from "./window.ts";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface VerifyIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Output;
  stderr: Output;
}

export async function runVerify(io: VerifyIo): Promise<number> {
  const parsed = parseArgs(io.argv);
  const json = parsed.ok ? parsed.args.json : io.argv.includes("--json");
  const err = styleFor(io.stderr, io.env);
  const out = styleFor(io.stdout, io.env);

  const usageFailure = (code: string, message: string): number => {
    io.stderr.write(`${err.red(`verify: ${message}`)}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    else if (code === "bad_arguments" || code === "missing_env")
      io.stderr.write(`${err.dim("Run `npm run verify -- --help` for usage.")}\n`);
    return EXIT.usage;
  };

  if (!parsed.ok) return usageFailure("bad_arguments", parsed.message);
  const { args } = parsed;
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  const client = createFetch();
  try {
    const demo = chooseDemoOrigin(args.demoOrigin, io.env);
    const { loaded } = await readConfig({ configPath: args.config, cwd: io.cwd, demo });
    const environment = pickEnvironment(loaded, args.env);
    const ctx = { fetch: client.fetch, environment };
    // Like progress, the note is for a person: with --json only a terminal gets it.
    const note = environment.demo ? demoOriginNote(demo) : undefined;
    if (note && (!json || io.stderr.isTTY === true)) io.stderr.write(`${err.dim(note)}\n`);

    // The window is about deploying production-like environments, which the demo rehearses; the others
    // (staging, previews) may change any time. Like progress, the warning is for a person: with --json
    // only a terminal gets it.
    if ((environment.productionLike || environment.demo) && (!json || io.stderr.isTTY === true)) {
      const warning = windowWarning(windowClock(io.env), loaded.config.deployWindow, err);
      if (warning) io.stderr.write(`${warning}\n`);
    }

    if (args.check !== undefined) {
      const check = pickCheck(environment, args.check);
      const result = await runCheck(ctx, check);
      io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatCheck(result, out));
      return result.status === "pass" || result.status === "warn" ? EXIT.ok : EXIT.failed;
    }

    const checks = smokeChecks(environment);
    const criteria = loaded.config.successCriteria;
    // With --json the progress lines are for a person watching; a pipe or CI log gets only the JSON.
    const showProgress = !json || io.stderr.isTTY === true;
    const layout = progressLayout(checks);
    if (showProgress) {
      io.stderr.write(
        err.dim(
          `Smoke tests on ${environment.id}: ${checks.length} check${checks.length === 1 ? "" : "s"}, ${criteria.samples} sample${criteria.samples === 1 ? "" : "s"} each\n`,
        ),
      );
    }
    const { results, summary } = await runSmoke(ctx, {
      criteria,
      onResult: showProgress ? (result) => io.stderr.write(`${progressLine(result, layout, err)}\n`) : undefined,
    });
    if (showProgress && !json) io.stderr.write("\n");
    io.stdout.write(json ? `${JSON.stringify({ results, summary }, null, 2)}\n` : formatSummary(summary, results, out));
    return summary.status === "fail" ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.code, error.message);
    throw error;
  } finally {
    await client.close();
  }
}
