/**
 * @module
 * `verify` as a function of its arguments, environment and streams, returning the exit code:
 * 0 the success criteria hold (one check: pass or warn), 1 they do not, 2 bad arguments or config.
 * `--window` answers the deployment window instead (0 inside, 1 not now); `--record` writes the run
 * into the team's log, and fails it only with `--record-required`.
 */
import type { FetchLike } from "../core/checks/probe.ts";
import { runCheck, runSmoke, smokeChecks } from "../core/checks/run.ts";
import { parseArgs, USAGE } from "./args.ts";
import { pickCheck, pickEnvironment, readConfig, UsageError } from "./config.ts";
import { chooseDemoOrigin, demoOriginNote } from "./demo-origin.ts";
import { progressLayout, progressLine, type Style, styleFor } from "./format.ts";
import { createFetch } from "./http.ts";
import { planRecording, Recording, RecordingError, type RecordPlan } from "./record.ts";
import { checkWritable, chooseReporters, type Reporter, writeReports } from "./reporters/choose.ts";
import { reportPassed, type VerifyReport } from "./reporters/report.ts";
import { runbookTarget } from "./runbook-api.ts";
import { startWatch } from "./watch.ts";
import { windowAnswer, windowClock, windowWarning } from "./window.ts";

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
  const json = parsed.ok ? parsed.args.json || parsed.args.reporters.includes("json") : io.argv.includes("--json");
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
    if (args.window && (args.check !== undefined || args.reporters.length > 0 || args.json))
      throw new UsageError(
        "bad_arguments",
        "--window answers the deployment window only: leave out --check, --reporter and --json",
      );
    if (args.restart && !args.watch) throw new UsageError("bad_arguments", "--restart only applies with --watch");
    if (
      args.watch &&
      (args.window || args.record || args.check !== undefined || args.reporters.length > 0 || args.json)
    )
      throw new UsageError(
        "bad_arguments",
        "--watch starts the post-deploy watch only: leave out --check, --reporter, --json, --window and --record",
      );
    if (args.overrideWindow !== undefined && args.overrideWindow.trim().length < 3)
      throw new UsageError("bad_arguments", "--override-window needs a reason a teammate can read later");
    const reporters = args.window ? [] : chooseReporters(args.reporters, args.json, io.env, io.cwd);
    await checkWritable(reporters);
    const demo = chooseDemoOrigin(args.demoOrigin, io.env);
    const { loaded } = await readConfig({ configPath: args.config, cwd: io.cwd, demo });
    const environment = pickEnvironment(loaded, args.env);
    const plan = planRecording(args, io.env);
    const check = args.check === undefined ? undefined : pickCheck(environment, args.check);
    const clock = windowClock(io.env);
    // Progress and notes are for a person: when a machine format owns stdout, only a terminal gets them.
    const forPerson = !machineOnStdout(reporters) || io.stderr.isTTY === true;
    const note = environment.demo ? demoOriginNote(demo) : undefined;
    if (note && forPerson) io.stderr.write(`${err.dim(note)}\n`);

    if (args.watch) {
      const target = runbookTarget("--watch", args.runbook, io.env);
      try {
        io.stdout.write(`${await startWatch(target, environment.id, args.restart, client.fetch)}\n`);
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        io.stderr.write(`${err.red(`verify: the watch was not started: ${error.message}`)}\n`);
        return EXIT.failed;
      }
    }

    const recorder = new Recorder(plan, io.stderr, err);
    if (args.window) {
      const answer = windowAnswer(clock, loaded.config.deployWindow, args.overrideWindow, out);
      io.stdout.write(`${answer.text}\n`);
      if (!answer.inside && args.overrideWindow === undefined) return EXIT.failed;
      await recorder.open(environment.id, client.fetch);
      if (answer.overridden) await recorder.note(answer.overridden);
      await recorder.finish(plan?.finish);
      return recorder.exitCode(EXIT.ok);
    }

    // The window is about deploying production-like environments, which the demo rehearses; the others
    // (staging, previews) may change any time.
    if ((environment.productionLike || environment.demo) && forPerson) {
      const warning = windowWarning(clock, loaded.config.deployWindow, err);
      if (warning) io.stderr.write(`${warning}\n`);
    }
    await recorder.open(environment.id, client.fetch);

    const ctx = { fetch: client.fetch, environment };
    let report: VerifyReport;
    if (check) {
      report = { kind: "check", environment: environment.id, result: await runCheck(ctx, check) };
    } else {
      const checks = smokeChecks(environment);
      const criteria = loaded.config.successCriteria;
      const layout = progressLayout(checks);
      if (forPerson)
        io.stderr.write(
          err.dim(
            `Smoke tests on ${environment.id}: ${checks.length} check${checks.length === 1 ? "" : "s"}, ${criteria.samples} sample${criteria.samples === 1 ? "" : "s"} each\n`,
          ),
        );
      const { results, summary } = await runSmoke(ctx, {
        criteria,
        onResult: forPerson ? (result) => io.stderr.write(`${progressLine(result, layout, err)}\n`) : undefined,
      });
      if (forPerson && reporters.some((r) => r.name === "text" && r.file === undefined)) io.stderr.write("\n");
      report = { kind: "smoke", environment: environment.id, results, summary };
    }
    await writeReports(report, reporters, io.stdout, out);

    await recorder.attach(report);
    if (args.overrideWindow !== undefined) {
      const answer = windowAnswer(clock, loaded.config.deployWindow, args.overrideWindow, out);
      if (answer.overridden) await recorder.note(answer.overridden);
    }
    await recorder.finish(plan?.finish);
    return recorder.exitCode(reportPassed(report) ? EXIT.ok : EXIT.failed);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.code, error.message);
    throw error;
  } finally {
    await client.close();
  }
}

function machineOnStdout(reporters: readonly Reporter[]): boolean {
  return reporters.some((r) => r.file === undefined && r.name !== "text");
}

/**
 * The run's recording, when `--record` asked for one. A failure is said once on stderr and stops the
 * recording; the run's own result stands unless `--record-required`.
 */
class Recorder {
  #recording: Recording | undefined;
  #failed = false;
  readonly #plan: RecordPlan | undefined;
  readonly #stderr: Output;
  readonly #style: Style;

  constructor(plan: RecordPlan | undefined, stderr: Output, style: Style) {
    this.#plan = plan;
    this.#stderr = stderr;
    this.#style = style;
  }

  async open(environment: string, fetch: FetchLike): Promise<void> {
    if (!this.#plan) return;
    const plan = this.#plan;
    await this.#step(async () => {
      this.#recording = await Recording.open(plan, environment, fetch);
      const { deployment, joined, identity } = this.#recording;
      this.#stderr.write(
        `${this.#style.dim(`Recording into ${plan.runbook.origin}: deployment ${deployment.id} of ${environment} (${joined ? `joined, started by ${deployment.startedBy}` : "started"}) for ${plan.commit.slice(0, 12)}, as ${identity}`)}\n`,
      );
    });
  }

  async attach(report: VerifyReport): Promise<void> {
    const recording = this.#recording;
    if (!recording) return;
    const results = report.kind === "smoke" ? report.results : [report.result];
    await this.#step(() => recording.attach(results, report.kind === "smoke" ? "verify-all" : "check"));
  }

  async note(text: string): Promise<void> {
    const recording = this.#recording;
    if (recording) await this.#step(() => recording.note(text));
  }

  async finish(status: RecordPlan["finish"]): Promise<void> {
    const recording = this.#recording;
    if (!recording || status === undefined) return;
    await this.#step(async () => {
      await recording.finish(status);
      this.#stderr.write(`${this.#style.dim(`Deployment ${recording.deployment.id} finished: ${status}`)}\n`);
    });
  }

  /** The run's exit code, or 1 when recording failed and `--record-required` was given. */
  exitCode(code: number): number {
    return this.#failed && this.#plan?.required && code === EXIT.ok ? EXIT.failed : code;
  }

  async #step(work: () => Promise<void>): Promise<void> {
    if (this.#failed) return;
    try {
      await work();
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      this.#failed = true;
      this.#recording = undefined;
      const consequence = this.#plan?.required
        ? "--record-required: the run fails"
        : "the run's result stands (--record-required would fail it)";
      this.#stderr.write(`${this.#style.yellow(`verify: recording failed: ${error.message}; ${consequence}`)}\n`);
    }
  }
}
