import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/processes.ts";

// A widget never imports from another widget's folder: what several widgets use lives in
// `src/components/shared/` (gruntwork's `_shared/`), so a change inside one widget cannot break another.
// `overrides/` (Starlight's slots) and the barrel `index.ts` place widgets on the page and may import them.
const components = join(root, "src/components");
const PLACERS = new Set(["overrides", "index.ts"]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|astro)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Relative specifiers of static imports, re-exports and dynamic `import("…")`. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g))
    if (m[1]) found.push(m[1]);
  return found;
}

/** The widget folder (`check`, `history`…) a path under `src/components` belongs to, or undefined outside. */
function folderOf(path: string): string | undefined {
  const rel = relative(components, path);
  if (rel.startsWith("..")) return undefined;
  return rel.split(sep)[0];
}

function crossings(): string[] {
  const out: string[] = [];
  for (const file of files(components)) {
    const from = folderOf(file);
    if (!from || from === "shared" || PLACERS.has(from)) continue;
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const to = folderOf(resolve(dirname(file), spec));
      if (to && to !== from && to !== "shared") out.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return out;
}

describe("widget folders", () => {
  it("no widget imports from another widget's folder", () => {
    expect(crossings()).toEqual([]);
  });

  it("shared code imports no widget", () => {
    const out: string[] = [];
    for (const file of files(join(components, "shared")))
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        const to = folderOf(resolve(dirname(file), spec));
        if (to && to !== "shared") out.push(`${relative(root, file)} imports ${spec}`);
      }
    expect(out).toEqual([]);
  });

  it("the import reader sees every form a crossing can take", () => {
    const source = [
      'import { a } from "../check/render.ts";',
      'export { b } from "../checklist/storage.ts";',
      'void import("../history/checklist-sync.ts");',
      'import "../monitor/monitor.client.ts";',
      'import { c } from "./own.ts";',
      'import { d } from "zod";',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      "../check/render.ts",
      "../checklist/storage.ts",
      "../history/checklist-sync.ts",
      "../monitor/monitor.client.ts",
      "./own.ts",
    ]);
  });
});
