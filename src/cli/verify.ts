/**
 * @module
 * `npm run verify -- --env <name> [--check <id>] [--json] [--config <path>] [--demo-origin <url>]`:
 * the runbook's checks from a terminal or CI, with the same definitions and assertions as the
 * Function. Exit code 0 when the success criteria hold, 1 when they do not, 2 for bad arguments or config.
 */
import { EXIT, runVerify } from "./main.ts";

try {
  const code = await runVerify({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  });
  process.exitCode = code;
} catch (error) {
  process.stderr.write(
    `verify: the run stopped unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = EXIT.failed;
}
// Every socket is closed by now; this only guards CI against a handle that would keep the process alive.
setTimeout(() => process.exit(), 2_000).unref();
