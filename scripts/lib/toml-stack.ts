/**
 * @module
 * A stack served from a temporary folder whose wrangler.toml is the project's, edited (for example
 * without the D1 binding), with `dist`, `functions` and `migrations` linked in.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./processes.ts";
import { type Stack, type StackOptions, startStack } from "./stack.ts";

export async function startStackWithToml(
  edit: (toml: string) => string,
  options: Partial<StackOptions> = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "runbook-toml-"));
  try {
    for (const name of ["dist", "functions", "migrations"]) symlinkSync(join(root, name), join(dir, name));
    writeFileSync(join(dir, "wrangler.toml"), edit(readFileSync(join(root, "wrangler.toml"), "utf8")));
    const stack = await startStack({ port: 0, demoPort: 0, build: false, ...options, wranglerDir: dir });
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

/** The project's wrangler.toml without its `[[d1_databases]]` table. */
export function withoutDatabase(toml: string): string {
  return toml.replace(/\[\[d1_databases\]\][^[]*/s, "");
}
