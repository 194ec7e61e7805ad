/**
 * @module
 * Child processes that never outlive us: each runs in its own process group (workerd is a grandchild
 * of `wrangler`, and killing only `npx`/`wrangler` would leave it serving), and stopping kills the group.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Environment that keeps wrangler and Astro from calling home: no network here beyond the registry. */
export const offlineEnv = {
  ASTRO_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1",
};

export interface Managed {
  child: ChildProcess;
  stop(): Promise<void>;
  exited: Promise<number | null>;
  /** The last error lines it printed (wrangler's `✘ [ERROR]`), for a failure that says why. */
  errors: string[];
}

/**
 * Starts a Node script of a package (`astro/bin/astro.mjs`) with the Node running us. `env` adds to
 * our environment; a variable set to `undefined` there is left out of the child's.
 */
export function startPackageBin(
  bin: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; quiet?: boolean; onLine?: (line: string) => void } = {},
): Managed {
  const child = spawn(process.execPath, [join(root, "node_modules", bin), ...args], {
    cwd: root,
    env: { ...process.env, ...offlineEnv, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  const forward = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        options.onLine?.(line);
        // Error lines only: others may list the values of the bindings passed on the command line.
        const plain = stripVTControlCharacters(line);
        if (plain.includes("[ERROR]") && errors.push(plain) > 10) errors.shift();
        if (!options.quiet) out.write(`${line}\n`);
      }
    });
  };
  if (child.stdout) forward(child.stdout, process.stdout);
  if (child.stderr) forward(child.stderr, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    errors,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup(child, "SIGKILL");
        return;
      }
      killGroup(child, "SIGTERM");
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 3000).unref());
      if ((await Promise.race([exited, timeout])) === "timeout") killGroup(child, "SIGKILL");
      // workerd may ignore the group's SIGTERM while wrangler shuts down; make sure nothing is left.
      killGroup(child, "SIGKILL");
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Runs a package bin to completion; rejects with its output when it fails. */
export async function runPackageBin(
  bin: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; quiet?: boolean } = {},
): Promise<void> {
  const lines: string[] = [];
  const managed = startPackageBin(bin, args, { ...options, onLine: (l) => lines.push(l) });
  const code = await managed.exited;
  if (code !== 0) throw new Error(`${bin} ${args.join(" ")} exited with ${code}\n${lines.slice(-40).join("\n")}`);
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** `error` with the error lines `process` printed, so a start that failed says why even when quiet. */
export function withErrorLines(error: unknown, process: Managed): Error {
  const message = (error as Error).message;
  return process.errors.length > 0 ? new Error(`${message}:\n${process.errors.join("\n")}`) : (error as Error);
}

/** Waits until `url` answers (any HTTP status), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited?.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the process serving ${url} exited before it was ready`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
