/**
 * Where the browser tests find Chromium, so `npm ci && npm test` needs nothing from apt.
 *
 * In order: `CHROMIUM_PATH`, then the system's Chromium, then the one shipped inside the
 * `@sparticuz/chromium` npm package (unpacked to the temp directory on first use, about 2.5 s).
 * `RUNBOOK_SKIP_SYSTEM_CHROMIUM=1` skips the system's, to try the npm fallback on a machine that
 * has Debian's package.
 *
 * @module
 */
import { existsSync } from "node:fs";

/** Where distributions put Chromium (Debian's package first). */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export type ChromiumSource = "CHROMIUM_PATH" | "system" | "npm";

export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}

export interface ChromiumLookup {
  /** Environment to read `CHROMIUM_PATH` and `RUNBOOK_SKIP_SYSTEM_CHROMIUM` from. */
  env?: Record<string, string | undefined>;
  /** Where to look for the system's Chromium. */
  systemPaths?: readonly string[];
  /** The npm package's unpacker; tests replace it to see the order without unpacking. */
  unpackNpmChromium?: () => Promise<string>;
}

/** Unpacks the Chromium inside `@sparticuz/chromium` (once; later calls reuse the unpacked file). */
export async function unpackNpmChromium(): Promise<string> {
  const { default: chromium } = await import("@sparticuz/chromium");
  // Only the binary: its `chromium.args` are for AWS Lambda and switch off web security.
  return chromium.executablePath();
}

/** The Chromium the browser tests drive; throws naming what was tried when there is none. */
export async function findChromium(lookup: ChromiumLookup = {}): Promise<FoundChromium> {
  const env = lookup.env ?? process.env;
  const explicit = env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== "") {
    if (!existsSync(explicit))
      throw new Error(`CHROMIUM_PATH is ${explicit}, but there is no file there: fix or unset it`);
    return { path: explicit, source: "CHROMIUM_PATH" };
  }
  if (env.RUNBOOK_SKIP_SYSTEM_CHROMIUM !== "1") {
    const system = (lookup.systemPaths ?? SYSTEM_CHROMIUM_PATHS).find((path) => existsSync(path));
    if (system !== undefined) return { path: system, source: "system" };
  }
  try {
    return { path: await (lookup.unpackNpmChromium ?? unpackNpmChromium)(), source: "npm" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No Chromium for the browser tests: CHROMIUM_PATH is unset, no system Chromium, and @sparticuz/chromium failed (${reason}); run npm ci or set CHROMIUM_PATH`,
    );
  }
}
