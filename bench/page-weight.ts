import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "../scripts/lib/processes.ts";

export interface PageWeight {
  page: string;
  /** Custom elements of ours on the page. */
  widgets: number;
  /** All JavaScript the page loads (external modules it imports, inline scripts), gzip, each file once. */
  gzipBytes: number;
}

/** Measures the JavaScript each built page ships, following static imports between chunks. */
export function pageScripts(dist = join(root, "dist")): PageWeight[] {
  const pages = walk(dist).filter((f) => f.endsWith(".html"));
  return pages.map((file) => {
    const html = readFileSync(file, "utf8");
    const seen = new Set<string>();
    let total = 0;
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const attrs = m[1] ?? "";
      if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      if (src) total += moduleBytes(dist, src, seen);
      else {
        total += gzipSync(m[2] ?? "").byteLength;
        for (const imp of (m[2] ?? "").matchAll(/import\s*(?:[^"']*from\s*)?["']([^"']+\.js)["']/g))
          total += moduleBytes(dist, imp[1] ?? "", seen);
      }
    }
    return { page: relative(dist, file), widgets: (html.match(/<runbook-(?!env-picker)[a-z-]+[\s>]/g) ?? []).length, gzipBytes: total };
  });
}

function moduleBytes(dist: string, src: string, seen: Set<string>): number {
  if (!src.startsWith("/") || seen.has(src)) return 0;
  seen.add(src);
  let code: string;
  try {
    code = readFileSync(join(dist, src), "utf8");
  } catch {
    return 0;
  }
  let total = gzipSync(code).byteLength;
  for (const imp of code.matchAll(/(?:import|from)\s*["'](\.\/[^"']+\.js|\/[^"']+\.js)["']/g)) {
    const spec = imp[1] ?? "";
    const resolved = spec.startsWith("/") ? spec : join(src, "..", spec);
    total += moduleBytes(dist, resolved, seen);
  }
  return total;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
