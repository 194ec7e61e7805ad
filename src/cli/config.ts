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
  /** `--demo-origin`, else `RUNBOOK_DEMO_ORIGIN`. */
  demoOrigin?: string | undefined;
  demoOriginFrom: "--demo-origin" | "RUNBOOK_DEMO_ORIGIN";
}

/** Reads, parses and validates the config file; throws UsageError naming the file and each bad field. */
export async function readConfig(source: ConfigSource): Promise<{ loaded: LoadedConfig; file: string }> {
  const file = source.configPath === undefined ? path.join(REPO_ROOT, DEFAULT_CONFIG) : path.resolve(source.cwd, source.configPath);
  const relative = path.relative(source.cwd, file);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      "config_unreadable",
      code === "ENOENT" ? `config file ${shown} does not exist` : `cannot read config file ${shown}: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError("config_invalid", `config file ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  if (source.demoOrigin !== undefined) checkOrigin(source.demoOrigin, source.demoOriginFrom);
  try {
    return { loaded: loadConfig(raw, { source: shown, demoOrigin: source.demoOrigin }), file };
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
    throw new UsageError("bad_demo_origin", `${from}: expected an http(s) origin such as http://127.0.0.1:8790, got "${value}"`);
}

/** Environment ids a reader could pass, in the config's order, noting demo environments that need an origin. */
function describeAvailable(loaded: LoadedConfig): string {
  const names = Object.entries(loaded.config.environments).flatMap(([id, configured]) => {
    if (loaded.environments.some((e) => e.id === id)) return [id];
    return configured.demo ? [`${id} (needs --demo-origin)`] : [];
  });
  return names.length > 0 ? names.join(", ") : "none";
}

/** The environment named by `--env`, or a UsageError saying what exists (and what the demo needs). */
export function pickEnvironment(loaded: LoadedConfig, id: string | undefined): ResolvedEnvironment {
  if (id === undefined)
    throw new UsageError("missing_env", `missing --env: name the environment to check (available: ${describeAvailable(loaded)})`);
  const found = loaded.environments.find((e) => e.id === id);
  if (found) return found;
  const configured = Object.hasOwn(loaded.config.environments, id) ? loaded.config.environments[id] : undefined;
  if (configured?.demo)
    throw new UsageError(
      "demo_origin_missing",
      `environment "${id}" is the demo Dashtray and needs its origin: pass --demo-origin <url> or set RUNBOOK_DEMO_ORIGIN (for example http://127.0.0.1:8790 after \`npm run demo\`)`,
    );
  throw new UsageError("unknown_environment", `unknown environment "${id}" (available: ${describeAvailable(loaded)})`);
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
