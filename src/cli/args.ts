/**
 * @module
 * Command-line arguments of `verify`. A small hand-written parser so that every mistake gets a message
 * naming the flag and listing the ones that exist (exit code 2).
 */

export interface VerifyArgs {
  env?: string;
  check?: string;
  /** `--json`: kept as the alias of `--reporter json`. */
  json: boolean;
  /** Each `--reporter <name>[=<file>]`, in the order given. */
  reporters: string[];
  config?: string;
  demoOrigin?: string;
  /** `--window`: only answer whether now is inside the deployment window. */
  window: boolean;
  /** `--override-window <reason>`: go ahead outside the window; the reason is printed and recorded. */
  overrideWindow?: string;
  /** `--record`: write the run into the team's deployment log of the runbook at `--runbook`. */
  record: boolean;
  runbook?: string;
  commit?: string;
  finish?: string;
  recordRequired: boolean;
  /** `--watch`: start (or join) the post-deploy watch on the runbook at `--runbook`; `--restart` starts anew. */
  watch: boolean;
  restart: boolean;
  help: boolean;
}

export type ParsedArgs = { ok: true; args: VerifyArgs } | { ok: false; message: string };

const valueFlags = {
  "--env": "env",
  "--check": "check",
  "--config": "config",
  "--demo-origin": "demoOrigin",
  "--override-window": "overrideWindow",
  "--runbook": "runbook",
  "--commit": "commit",
  "--finish": "finish",
} as const;
const listFlags = { "--reporter": "reporters" } as const;
const booleanFlags = {
  "--json": "json",
  "--window": "window",
  "--record": "record",
  "--record-required": "recordRequired",
  "--watch": "watch",
  "--restart": "restart",
  "--help": "help",
  "-h": "help",
} as const;

type ValueFlag = keyof typeof valueFlags;
type ListFlag = keyof typeof listFlags;
type BooleanFlag = keyof typeof booleanFlags;

/** Every flag `verify` understands, for error messages. */
export const KNOWN_FLAGS = [
  "--env",
  "--check",
  "--reporter",
  "--json",
  "--config",
  "--demo-origin",
  "--window",
  "--override-window",
  "--record",
  "--runbook",
  "--commit",
  "--finish",
  "--record-required",
  "--watch",
  "--restart",
  "--help",
] as const;

export const USAGE = `Usage: npm run verify -- --env <name> [--check <id>] [--reporter <name>[=<file>]]...
                         [--window [--override-window <reason>]]
                         [--record --runbook <url> [--commit <sha>] [--finish <status>] [--record-required]]
       npm run verify -- --env <name> --watch --runbook <url> [--restart]

Runs the runbook's checks against an environment from a terminal or CI.

  --env <name>          environment to check, by its id in the config, e.g. demo (required)
  --check <id>          run only this check (by id) instead of the smoke suite
  --reporter <name>     how to report; give it more than once for several at once. Names:
                          text     what a person reads (the default)
                          json     { results, summary }, or one check result (--json is the same)
                          junit    JUnit XML: one testsuite per run, one testcase per check
                          github   a Markdown summary appended to $GITHUB_STEP_SUMMARY, and
                                   ::error / ::warning workflow commands on stdout
                        Each writes to stdout unless given a file: --reporter junit=report.xml
                        (for github the file takes the summary's place). One reporter at most on stdout.
  --json                the same as --reporter json
  --config <path>       runbook config to read (default: runbook.config.json at the repository root)
  --demo-origin <url>   origin of the demo Dashtray for --env demo (default: $RUNBOOK_DEMO_ORIGIN,
                        else where \`npm start\` runs it: http://127.0.0.1:$DEMO_PORT, port 8790)

Deployment window (config: deployWindow):
  --window              run no check: say whether now is inside the deployment window and why not;
                        exit 0 inside it (best or acceptable hours), 1 when a rule says not now
  --override-window <reason>
                        go ahead anyway (exit 0); the reason is printed and, with --record, written
                        on the deployment in the team's log

Recording into the team's deployment log (the runbook site, with Cloudflare Access):
  --record              start or join the deployment of the commit in the log at --runbook, attach
                        every check result, and finish it with --finish. The Access service token
                        comes from CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET, never from flags
  --runbook <url>       the runbook site, e.g. https://runbook.dashtray.example
  --commit <sha>        the deployed commit (default: $GITHUB_SHA)
  --finish <status>     succeeded, rolled_back or abandoned: close the deployment after the run
  --record-required     fail the run (exit 1) when recording fails; by default a recording failure
                        is a warning and never fails a deploy

The post-deploy watch (step 6's monitor, sampled server-side by the watch Worker):
  --watch               run no check: start the watch of the environment on the runbook at --runbook,
                        or join the one running; same service token as --record
  --restart             with --watch: end the running watch and start a new one (after a rollback)
  -h, --help            show this help

Outside the runbook's deployment window, a run against an environment marked productionLike, or the
demo, prints a warning on stderr first; it does not change the exit code.

Exit codes: 0 the success criteria hold (one check: pass or warn), 1 they do not,
2 bad arguments or configuration.

Environment, for tests only:
  RUNBOOK_NOW=<ISO instant>   the clock of the deployment window, e.g. 2026-11-27T15:10:00Z`;

function isValueFlag(name: string): name is ValueFlag {
  return Object.hasOwn(valueFlags, name);
}

function isListFlag(name: string): name is ListFlag {
  return Object.hasOwn(listFlags, name);
}

function isBooleanFlag(name: string): name is BooleanFlag {
  return Object.hasOwn(booleanFlags, name);
}

/** Parses `argv` (without node and the script); accepts `--flag value` and `--flag=value`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: VerifyArgs = {
    json: false,
    reporters: [],
    window: false,
    record: false,
    recordRequired: false,
    watch: false,
    restart: false,
    help: false,
  };
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
    if (isValueFlag(name) || isListFlag(name)) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--")) return { ok: false, message: `${name} needs a value` };
        value = next;
        i += 1;
      }
      if (value.trim() === "") return { ok: false, message: `${name} needs a value` };
      if (isListFlag(name)) args[listFlags[name]].push(value);
      else if (args[valueFlags[name]] !== undefined) return { ok: false, message: `${name} was given more than once` };
      else args[valueFlags[name]] = value;
      continue;
    }
    return { ok: false, message: `unknown flag "${name}" (flags: ${KNOWN_FLAGS.join(", ")})` };
  }
  return { ok: true, args };
}
