/**
 * @module
 * The site's Content-Security-Policy, as Astro's `security.csp` option. Astro writes it into every
 * page as a `<meta http-equiv="content-security-policy">` with hashes of the scripts and styles it
 * bundles or inlines. What a `<meta>` policy cannot carry (`frame-ancestors`) and the other security
 * headers live in `public/_headers`, which Cloudflare Pages applies to the static pages.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroUserConfig } from "astro";

type CspOption = NonNullable<NonNullable<AstroUserConfig["security"]>["csp"]>;

/** The policy: same-origin everything, no `unsafe-eval`, no inline script that is not hashed. */
export function contentSecurityPolicy(): CspOption {
  return {
    algorithm: "SHA-256",
    directives: [
      "default-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ],
    scriptDirective: {
      // Pagefind (Starlight's search) compiles WebAssembly; `wasm-unsafe-eval` allows that and not `eval`.
      resources: ["'self'", "'wasm-unsafe-eval'"],
      hashes: starlightInlineScriptHashes(),
    },
    styleDirective: {
      // Starlight and Expressive Code set CSS custom properties in `style` attributes
      // (`style="--depth: 0"`); attributes only, never `<style>` elements, which stay hashed.
      resources: ["'self'", { resource: "'unsafe-inline'", kind: "attribute" }],
    },
  };
}

/**
 * Hashes of Starlight's `<script is:inline>` blocks (theme, sidebar state, search shortcut, tabs).
 * Astro hashes the scripts it processes but leaves `is:inline` ones to us; they are static text in
 * Starlight's components, so hashing the installed package keeps the policy right across upgrades
 * (the security-headers browser test fails on any blocked script).
 */
export function starlightInlineScriptHashes(): `sha256-${string}`[] {
  const starlight = dirname(fileURLToPath(import.meta.resolve("@astrojs/starlight")));
  const hashes = new Set<`sha256-${string}`>();
  for (const file of astroFiles(starlight))
    for (const match of readFileSync(file, "utf8").matchAll(/<script is:inline[^>]*>([\s\S]*?)<\/script>/g))
      hashes.add(
        `sha256-${createHash("sha256")
          .update(match[1] ?? "")
          .digest("base64")}`,
      );
  if (hashes.size === 0)
    throw new Error(`[csp] found no inline scripts in ${starlight}: has Starlight's layout changed?`);
  return [...hashes].sort();
}

function astroFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return astroFiles(path);
    return entry.name.endsWith(".astro") ? [path] : [];
  });
}
