import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "../scripts/lib/processes.ts";

export interface PageWeight {
  page: string;
  /** Custom elements of ours on the page (the environment picker in the header not counted). */
  widgets: number;
  /** All JavaScript the page loads (inline scripts and the modules they import), gzip, each file once. */
  gzipBytes: number;
  /** The part only our widgets load: reachable from a script that defines a `runbook-*` element and not from Starlight's own. */
  widgetGzipBytes: number;
}

/** Measures the JavaScript each built page ships, following static imports between chunks. */
export function pageScripts(dist = join(root, "dist")): PageWeight[] {
  const pages = walk(dist).filter((f) => f.endsWith(".html"));
  return pages.map((file) => {
    const html = readFileSync(file, "utf8");
    const ours = new Map<string, number>();
    const theirs = new Map<string, number>();
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const attrs = m[1] ?? "";
      if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      const code = src ? read(dist, src) : (m[2] ?? "");
      if (code === undefined) continue;
      const target = /customElements\.define\(\s*["'`]runbook-/.test(code) ? ours : theirs;
      const key = src ?? `inline:${target.size}:${code.length}:${code.slice(0, 40)}`;
      collect(dist, key, code, src ?? "/", target);
    }
    let widget = 0;
    for (const [key, bytes] of ours) if (!theirs.has(key)) widget += bytes;
    const all = new Map([...theirs, ...ours]);
    return {
      page: relative(dist, file),
      widgets: (html.match(/<runbook-(?!env-picker)[a-z-]+[\s>]/g) ?? []).length,
      gzipBytes: [...all.values()].reduce((a, b) => a + b, 0),
      widgetGzipBytes: widget,
    };
  });
}

/**
 * What one widget's own script adds to a built page, gzip: the modules reachable from the script that
 * defines `runbook-<tag>` and from no other script on the page (Starlight's, the picker's, other widgets').
 */
export function widgetOwnScripts(page: string, tag: string, dist = join(root, "dist")): number {
  const html = readFileSync(join(dist, page), "utf8");
  const own = new Map<string, number>();
  const others = new Map<string, number>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? "";
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /src="([^"]+)"/.exec(attrs)?.[1];
    const code = src ? read(dist, src) : (m[2] ?? "");
    if (code === undefined) continue;
    const target = new RegExp(`customElements\\.define\\(\\s*["'\`]runbook-${tag}["'\`]`).test(code) ? own : others;
    const key = src ?? `inline:${target.size}:${code.length}:${code.slice(0, 40)}`;
    collect(dist, key, code, src ?? "/", target);
  }
  let bytes = 0;
  for (const [key, size] of own) if (!others.has(key)) bytes += size;
  return bytes;
}

function read(dist: string, src: string): string | undefined {
  if (!src.startsWith("/")) return undefined;
  try {
    return readFileSync(join(dist, src), "utf8");
  } catch {
    return undefined;
  }
}

/** Adds a module and everything it imports statically to `into`, keyed by path, valued by gzip size. */
function collect(dist: string, key: string, code: string, base: string, into: Map<string, number>): void {
  if (into.has(key)) return;
  into.set(key, gzipSync(code).byteLength);
  for (const imp of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js|\/[^"']+\.js)["']/g)) {
    const spec = imp[1] ?? "";
    const resolved = spec.startsWith("/") ? spec : join(base.endsWith("/") ? base : join(base, ".."), spec);
    const dep = read(dist, resolved);
    if (dep !== undefined) collect(dist, resolved, dep, resolved, into);
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Prints the figures of every page with a widget, largest first (`node bench/page-weight.ts` after a build). */
export function printPageWeights(pages = pageScripts(), prefix = ""): void {
  console.log(
    `${prefix}JavaScript per page, gzip: what our widgets add beyond Starlight's own scripts (budget < 10 KB)`,
  );
  for (const p of pages.filter((p) => p.widgets > 0).sort((x, y) => y.widgetGzipBytes - x.widgetGzipBytes))
    console.log(
      `   ${p.page.padEnd(58)} all ${(p.gzipBytes / 1024).toFixed(2).padStart(6)} KB  widgets ${(p.widgetGzipBytes / 1024).toFixed(2).padStart(5)} KB`,
    );
  const worst = Math.max(...pages.map((p) => p.widgetGzipBytes));
  console.log(`   largest widget cost on any page: ${(worst / 1024).toFixed(2)} KB  (budget < 10 KB)`);
}

if (import.meta.main) printPageWeights();
