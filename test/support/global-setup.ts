import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStack } from "../../scripts/lib/stack.ts";
import { findChromium } from "./chromium.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The built runbook served with its Functions by `wrangler pages dev`. */
    siteUrl: string;
    /** The demo Dashtray the site's demo environment points at. */
    demoUrl: string;
    /** The watch Worker beside the site (`wrangler dev`), on the same local D1. */
    watchUrl: string;
    /** The Chromium the browser tests drive (see `findChromium`). */
    chromiumPath: string;
  }
}

/**
 * Finds Chromium first, so a machine without one fails in seconds rather than after the build;
 * then builds the site once and serves it, as `npm start` does, on free ports, with its D1 history
 * (migrated and seeded offline) in a temporary folder rather than the project's `.wrangler/state`,
 * and the watch Worker beside it on that same database.
 */
export default async function setup(project: TestProject) {
  const chromium = await findChromium();
  console.log(`Browser tests use Chromium from ${chromium.source}: ${chromium.path}`);
  project.provide("chromiumPath", chromium.path);
  const persistTo = mkdtempSync(join(tmpdir(), "runbook-e2e-state-"));
  const stack = await startStack({
    port: 0,
    demoPort: 0,
    build: true,
    persistTo,
    // Four checks per invocation, as a Paid plan may allow, so the suites also reach the whole-run
    // POST /api/verify over the demo's four smoke checks (the Free plan's default, 2, refuses it: 422).
    bindings: {
      RUNBOOK_RUNS_PER_MINUTE: "100000",
      RUNBOOK_WRITES_PER_MINUTE: "100000",
      RUNBOOK_INVOCATION_CHECKS: "4",
    },
  });
  project.provide("siteUrl", stack.url);
  project.provide("demoUrl", stack.demo?.url ?? "");
  // No local clock here: tests fire the scheduled handler themselves (test/support/watch.ts), so no
  // scheduled run lands in a test that counts the requests the demo received.
  project.provide("watchUrl", stack.watch?.url ?? "");
  return async () => {
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
