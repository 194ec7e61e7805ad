/**
 * @module
 * A stack whose Function has Cloudflare's Rate Limiting binding, as `wrangler pages dev` emulates it
 * locally. The project's own wrangler.toml cannot declare one: `wrangler pages deploy` refuses
 * `[[ratelimits]]` for Pages projects (see docs: reference/limits). So this stack runs wrangler in a
 * temporary folder whose wrangler.toml adds the binding, with `dist` and `functions` linked in.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../../scripts/lib/processes.ts";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";

export interface BindingStackOptions {
  /** The binding's `simple.limit`: runs per client per minute for the whole location. */
  limit: number;
  bindings?: Record<string, string>;
  onLog?: (line: string) => void;
}

export async function startBindingStack(options: BindingStackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "runbook-ratelimit-"));
  try {
    symlinkSync(join(root, "dist"), join(dir, "dist"));
    symlinkSync(join(root, "functions"), join(dir, "functions"));
    const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
    writeFileSync(
      join(dir, "wrangler.toml"),
      `${toml}\n[[ratelimits]]\nname = "RUNBOOK_RATE_LIMITER"\nnamespace_id = "1001"\nsimple = { limit = ${options.limit}, period = 60 }\n`,
    );
    const stack = await startStack({
      port: 0,
      demoPort: 0,
      build: false,
      wranglerDir: dir,
      ...(options.bindings && { bindings: options.bindings }),
      ...(options.onLog && { onLog: options.onLog }),
    });
    return {
      ...stack,
      async stop() {
        await stack.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
