/**
 * The server's import graph has no circles: `AppEnv` and friends live in the leaf `src/server/types.ts`,
 * so no route or middleware needs the app's entry. Reads every `.ts` file under `src/server`, follows its
 * relative `import … from` and `export … from` specifiers (type-only ones too: a circle of types is
 * still a circle for the reader) and fails naming the first circle found.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../src/server");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

const SPECIFIER = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;

/** The files of `src/server` that `file` imports or re-exports from. */
function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(SPECIFIER)]
    .map((m) => m[1] ?? "")
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(dirname(file), s))
    .filter((target) => target.startsWith(root));
}

/** The first circle in `graph` as a list of files ending where it starts, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | null => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return null;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("src/server import graph", () => {
  it("the cycle finder names a circle it is given, and none where there is none", () => {
    const circle = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    expect(findCycle(circle)).toEqual(["a", "b", "c", "a"]);
    expect(
      findCycle(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toBeNull();
    const source = 'import type { AppEnv } from "../app.ts";\nexport { x } from "./x.ts";\nimport { z } from "zod";';
    expect(importsOf(join(root, "routes/a.ts"), source)).toEqual([join(root, "app.ts"), join(root, "routes/x.ts")]);
  });

  it("has no import circles", () => {
    const all = files(root);
    expect(all.length).toBeGreaterThan(40);
    const graph = new Map(all.map((file) => [file, importsOf(file, readFileSync(file, "utf8"))]));
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(root, f)).join(" -> ") ?? "no circle").toBe("no circle");
  });

  it("no route or middleware imports the app's entry", () => {
    const importers = files(root).filter((file) =>
      importsOf(file, readFileSync(file, "utf8")).includes(join(root, "app.ts")),
    );
    expect(importers.map((f) => relative(root, f))).toEqual(["index.ts"]);
  });
});
