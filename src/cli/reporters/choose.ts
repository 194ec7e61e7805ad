/**
 * @module
 * Which reporters a run uses and where each writes, checked before any check runs: an unknown name,
 * two reporters on stdout, or a file that cannot be written is a UsageError naming the flag (exit 2),
 * so a CI job learns about a typo at once, not after the checks.
 */
import { constants } from "node:fs";
import { access, appendFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../config.ts";
import { plain, type Style } from "../format.ts";
import { renderGithubCommands, renderGithubSummary } from "./github.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import type { VerifyReport } from "./report.ts";
import { renderText } from "./text.ts";

export const REPORTERS = ["text", "json", "junit", "github"] as const;
export type ReporterName = (typeof REPORTERS)[number];

export interface Reporter {
  name: ReporterName;
  /** The file it writes (absolute), or undefined for stdout. For github: the job summary's file. */
  file: string | undefined;
  /** Where the file came from, for messages: the flag or GITHUB_STEP_SUMMARY. */
  fileFrom: string;
}

function isReporter(name: string): name is ReporterName {
  return (REPORTERS as readonly string[]).includes(name);
}

/** Parses `--reporter` values (and `--json`) into reporters; `text` when none is given. */
export function chooseReporters(
  specs: readonly string[],
  json: boolean,
  env: Record<string, string | undefined>,
  cwd: string,
): Reporter[] {
  const all = [...specs, ...(json ? ["json"] : [])];
  if (all.length === 0) all.push("text");
  const chosen: Reporter[] = [];
  for (const spec of all) {
    const eq = spec.indexOf("=");
    const name = eq >= 0 ? spec.slice(0, eq) : spec;
    const file = eq >= 0 ? spec.slice(eq + 1) : undefined;
    if (!isReporter(name))
      throw new UsageError(
        "bad_arguments",
        `--reporter: unknown reporter "${name}" (reporters: ${REPORTERS.join(", ")})`,
      );
    if (file !== undefined && file.trim() === "")
      throw new UsageError("bad_arguments", `--reporter ${name}=: the file name is empty`);
    if (chosen.some((r) => r.name === name))
      throw new UsageError("bad_arguments", `--reporter ${name} was given more than once`);
    let target = file;
    let fileFrom = `--reporter ${spec}`;
    if (name === "github" && target === undefined) {
      target = env.GITHUB_STEP_SUMMARY || undefined;
      fileFrom = "GITHUB_STEP_SUMMARY";
      if (target === undefined)
        throw new UsageError(
          "bad_arguments",
          "--reporter github: GITHUB_STEP_SUMMARY is not set (GitHub Actions sets it in a job); outside Actions give the summary a file: --reporter github=summary.md",
        );
    }
    chosen.push({ name, file: target === undefined ? undefined : path.resolve(cwd, target), fileFrom });
  }
  const onStdout = chosen.filter((r) => r.file === undefined).map((r) => r.name);
  if (onStdout.length > 1)
    throw new UsageError(
      "bad_arguments",
      `--reporter: ${onStdout.join(" and ")} would both write to stdout; give all but one a file, e.g. --reporter ${onStdout[1]}=report.${onStdout[1] === "junit" ? "xml" : onStdout[1] === "json" ? "json" : "txt"}`,
    );
  const document = onStdout.find((n) => n === "json" || n === "junit");
  if (document && chosen.some((r) => r.name === "github"))
    throw new UsageError(
      "bad_arguments",
      `--reporter: github writes workflow commands to stdout, which would corrupt the ${document} there; give it a file: --reporter ${document}=report.${document === "junit" ? "xml" : "json"}`,
    );
  return chosen;
}

/** Fails with a UsageError naming the flag when a reporter's file cannot be written (checked before the run). */
export async function checkWritable(reporters: readonly Reporter[]): Promise<void> {
  for (const r of reporters) {
    if (r.file === undefined) continue;
    const why = await unwritable(r.file);
    if (why) throw new UsageError("bad_arguments", `${r.fileFrom}: cannot write ${r.file}: ${why}`);
  }
}

async function unwritable(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) return "it is a directory";
  if (info)
    return access(file, constants.W_OK).then(
      () => undefined,
      () => "no permission to write it",
    );
  const dir = path.dirname(file);
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) return `the directory ${dir} does not exist`;
  return access(dir, constants.W_OK).then(
    () => undefined,
    () => `no permission to write in ${dir}`,
  );
}

export interface ReportOutput {
  write(text: string): unknown;
}

/** Renders the run with every reporter: files written (the github summary appended), stdout in order. */
export async function writeReports(
  report: VerifyReport,
  reporters: readonly Reporter[],
  stdout: ReportOutput,
  style: Style,
): Promise<void> {
  for (const r of reporters) {
    if (r.name === "github") {
      await appendFile(r.file as string, renderGithubSummary(report));
      stdout.write(renderGithubCommands(report));
      continue;
    }
    const text =
      r.name === "text"
        ? renderText(report, r.file ? plain : style)
        : r.name === "json"
          ? renderJson(report)
          : renderJunit(report);
    if (r.file) await writeFile(r.file, text);
    else stdout.write(text);
  }
}
