/**
 * Both bundles a deploy uploads build offline, as the deploy builds them: the watch Worker with
 * `wrangler deploy --dry-run` (its Durable Objects exported, its cron and D1 binding accepted) and the
 * site's Functions with `wrangler pages functions build`; each within the Free plan's 3 MB compressed.
 * Their sizes are in `npm run bench`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPagesFunctions, buildWatchWorker, FREE_PLAN_WORKER_BYTES } from "../../scripts/lib/bundles.ts";

const dirs: string[] = [];
const scratch = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `runbook-${name}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("deploy bundles, offline", () => {
  it("the watch Worker passes wrangler deploy --dry-run within the Free plan's size", async () => {
    const size = await buildWatchWorker(scratch("watch-worker"));
    expect(size.bytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(FREE_PLAN_WORKER_BYTES);
  }, 120_000);

  it("the site's Functions pass wrangler pages functions build within the Free plan's size", async () => {
    const size = await buildPagesFunctions(scratch("pages-functions"));
    expect(size.bytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(FREE_PLAN_WORKER_BYTES);
  }, 120_000);
});
