/**
 * `npm run check:astro`: type-checks the TypeScript inside the `.astro` files (frontmatter and props),
 * which `tsc` cannot read. This is what `astro check` runs (the Astro language server's checker), called
 * directly: `astro check` and `@astrojs/check` refuse TypeScript 7, whose compiler has no programmatic
 * API yet, so the checker gets TypeScript 6 through the `typescript6` alias, used by nothing else.
 */
import { createRequire, registerHooks } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./lib/processes.ts";

const require = createRequire(import.meta.url);
const typescript6 = require.resolve("typescript6/lib/typescript.js");
// The checker's parts (Volar's kit and services) load `typescript` themselves: hand them TypeScript 6 too.
// Only this process sees the hook; the project's own `tsc` stays TypeScript 7.
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === "typescript"
      ? { url: pathToFileURL(typescript6).href, shortCircuit: true }
      : next(specifier, context),
});
const { AstroCheck } = await import("@astrojs/language-server");
const checker = new AstroCheck(root, typescript6, join(root, "tsconfig.astro.json"));
const result = await checker.lint({ logErrors: { level: "warning" } });
console.log(
  `astro check: ${result.fileChecked} files, ${result.errors} errors, ${result.warnings} warnings, ${result.hints} hints`,
);
if (result.status !== "completed" || result.errors > 0 || result.warnings > 0) process.exitCode = 1;
