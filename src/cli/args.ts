/**
 * @module
 * Command-line arguments of `verify`. A small hand-written parser so that every mistake gets a message
 * naming the flag and listing the ones that exist (exit code 2).
 */

export interface VerifyArgs {
  env?: string;
  check?: string;
  json: boolean;
  config?: string;
  demoOrigin?: string;
  help: boolean;
}

export type ParsedArgs = { ok: true; args: VerifyArgs } | { ok: false; message: string };

const valueFlags = { "--env": "env", "--check": "check", "--config": "config", "--demo-origin": "demoOrigin" } as const;
const booleanFlags = { "--json": "json", "--help": "help", "-h": "help" } as const;

type ValueFlag = keyof typeof valueFlags;
type BooleanFlag = keyof typeof booleanFlags;

/** Every flag `verify` understands, for error messages. */
export const KNOWN_FLAGS = ["--env", "--check", "--json", "--config", "--demo-origin", "--help"] as const;

export const USAGE = `Usage: npm run verify -- --env <name> [--check <id>] [--json] [--config <path>] [--demo-origin <url>]

Runs the runbook's checks against an environment from a terminal or CI.

  --env <name>          environment to check, by its id in the config, e.g. demo (required)
  --check <id>          run only this check (by id) instead of the smoke suite
  --json                print only JSON on stdout: { results, summary }, or one check result
  --config <path>       runbook config to read (default: runbook.config.json at the repository root)
  --demo-origin <url>   origin of the demo Dashtray for --env demo (default: $RUNBOOK_DEMO_ORIGIN,
                        else where \`npm start\` runs it: http://127.0.0.1:$DEMO_PORT, port 8790)
  -h, --help            show this help

Outside the runbook's deployment window (config: deployWindow), a run against an environment marked
productionLike, or the demo, prints a warning on stderr first; it does not change the exit code.

Exit codes: 0 the success criteria hold (one check: pass or warn), 1 they do not,
2 bad arguments or configuration.

Environment, for tests only:
  RUNBOOK_NOW=<ISO instant>   the clock of the deployment-window warning, e.g. 2026-11-27T15:10:00Z`;

function isValueFlag(name: string): name is ValueFlag {
  return Object.hasOwn(valueFlags, name);
}

function isBooleanFlag(name: string): name is BooleanFlag {
  return Object.hasOwn(booleanFlags, name);
}

/** Parses `argv` (without node and the script); accepts `--flag value` and `--flag=value`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: VerifyArgs = { json: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (!token.startsWith("-"))
      return { ok: false, message: `unexpected argument "${token}" (flags: ${KNOWN_FLAGS.join(", ")})` };
    const eq = token.indexOf("=");
    const name = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    if (isBooleanFlag(name)) {
      if (inline !== undefined) return { ok: false, message: `${name} takes no value (got "${token}")` };
      args[booleanFlags[name]] = true;
      continue;
    }
    if (isValueFlag(name)) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--")) return { ok: false, message: `${name} needs a value` };
        value = next;
        i += 1;
      }
      if (value.trim() === "") return { ok: false, message: `${name} needs a value` };
      args[valueFlags[name]] = value;
      continue;
    }
    return { ok: false, message: `unknown flag "${name}" (flags: ${KNOWN_FLAGS.join(", ")})` };
  }
  return { ok: true, args };
}
