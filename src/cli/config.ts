/**
 * @module
 * Reads and validates the runbook config for the CLI and picks the environment and check asked for.
 * Every problem becomes a UsageError (exit code 2) whose message names what was wrong and what exists.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { CheckDefinition } from "../core/config/checks.ts";
import { ConfigError } from "../core/config/errors.ts";
import { type LoadedConfig, loadConfig, type ResolvedEnvironment } from "../core/config/load.ts";
import type { DemoOrigin } from "./demo-origin.ts";

/** Bad arguments or configuration: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "UsageError";
    this.code = code;
  }
}

export const DEFAULT_CONFIG = "runbook.config.json";

/** The repository root: two levels above this file (`src/cli/`). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface ConfigSource {
  /** `--config`, resolved against the working directory; otherwise runbook.config.json at the repository root. */
  configPath?: string | undefined;
  cwd: string;
  /** Where the demo Dashtray is (see `chooseDemoOrigin`). */
  demo: DemoOrigin;
}

/** Reads, parses and validates the config file; throws UsageError naming the file and each bad field. */
export async function readConfig(source: ConfigSource): Promise<{ loaded: LoadedConfig; file: string }> {
  const file =
    source.configPath === undefined
      ? path.join(REPO_ROOT, DEFAULT_CONFIG)
      : path.resolve(source.cwd, source.configPath);
  const relative = path.relative(source.cwd, file);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      "config_unreadable",
      code === "ENOENT"
        ? `config file ${shown} does not exist`
        : `cannot read config file ${shown}: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError("config_invalid", `config file ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  checkOrigin(source.demo.origin, source.demo.from);
  try {
    return { loaded: loadConfig(raw, { source: shown, demoOrigin: source.demo.origin }), file };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError("config_invalid", error.message);
    throw error;
  }
}

function checkOrigin(value: string, from: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new UsageError(
      "bad_demo_origin",
      `${from}: expected an http(s) origin such as http://127.0.0.1:8790, got "${value}"`,
    );
}

/** The environment named by `--env`, or a UsageError naming the ones the config has, in its order. */
export function pickEnvironment(loaded: LoadedConfig, id: string | undefined): ResolvedEnvironment {
  const available = loaded.environments.map((e) => e.id).join(", ") || "none";
  if (id === undefined)
    throw new UsageError("missing_env", `missing --env: name the environment to check (available: ${available})`);
  const found = loaded.environments.find((e) => e.id === id);
  if (found) return found;
  throw new UsageError("unknown_environment", `unknown environment "${id}" (available: ${available})`);
}

/** The check named by `--check` in this environment (smoke or not), or a UsageError listing the defined ones. */
export function pickCheck(environment: ResolvedEnvironment, id: string): CheckDefinition {
  const check = environment.checks.find((c) => c.id === id);
  if (check) return check;
  throw new UsageError(
    "unknown_check",
    `unknown check "${id}" for environment "${environment.id}" (defined: ${environment.checks.map((c) => c.id).join(", ") || "none"})`,
  );
}
