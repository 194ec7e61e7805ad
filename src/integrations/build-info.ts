import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

/** Writes `build-info.json` (version, commit, build time) into the site, where `/api/health` reads it. */
export function buildInfo(): AstroIntegration {
  let root: URL;
  return {
    name: "runbook-build-info",
    hooks: {
      "astro:config:done": ({ config }) => {
        root = config.root;
      },
      "astro:build:done": ({ dir, logger }) => {
        const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("package.json", root)), "utf8")) as {
          version: string;
        };
        const info = { version: pkg.version, commit: commit(fileURLToPath(root)), builtAt: new Date().toISOString() };
        writeFileSync(fileURLToPath(new URL("build-info.json", dir)), `${JSON.stringify(info, null, 2)}\n`);
        logger.info(`build-info.json: ${info.version} @ ${info.commit.slice(0, 12)}`);
      },
    },
  };
}

function commit(cwd: string): string {
  const fromEnv = process.env.RUNBOOK_COMMIT ?? process.env.GITHUB_SHA;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}
