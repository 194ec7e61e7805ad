/**
 * @module
 * The two bundles a deploy uploads, built offline the way the deploy builds them: the watch Worker
 * (`wrangler deploy --dry-run --outdir`) and the site's Pages Functions (`wrangler pages functions
 * build`). Sizes raw and gzip: Cloudflare's Free plan takes a Worker of up to 3 MB compressed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { root, runPackageBin } from "./processes.ts";

/** The Free plan's Worker size limit (after compression). */
export const FREE_PLAN_WORKER_BYTES = 3 * 1024 * 1024;

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/** The JavaScript files under `dir` (no source maps), summed raw and gzip. */
function sizeOf(dir: string): BundleSize {
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (!/\.(m?js|wasm)$/.test(name) || !statSync(path).isFile()) continue;
    const body = readFileSync(path);
    bytes += body.length;
    gzipBytes += gzipSync(body).length;
  }
  return { bytes, gzipBytes };
}

/** `wrangler deploy --dry-run` of workers/watch into `outdir`: what `wrangler deploy` would upload. */
export async function buildWatchWorker(outdir: string): Promise<BundleSize> {
  await runPackageBin(
    "wrangler/bin/wrangler.js",
    ["deploy", "--dry-run", "--outdir", outdir, "--config", join(root, "workers", "watch", "wrangler.toml")],
    { quiet: true, env: { CI: "1" } },
  );
  return sizeOf(outdir);
}

/** `wrangler pages functions build` of `functions/` into `outdir`: the site's Function bundle. */
export async function buildPagesFunctions(outdir: string): Promise<BundleSize> {
  await runPackageBin(
    "wrangler/bin/wrangler.js",
    ["pages", "functions", "build", join(root, "functions"), "--outdir", outdir],
    { quiet: true, env: { CI: "1" } },
  );
  return sizeOf(outdir);
}
