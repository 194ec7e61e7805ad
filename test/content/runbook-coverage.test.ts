// Nothing of the source runbook may be lost: every heading and list item of
// `production-runbook.txt` must appear, verbatim, in the text of the built site.
//
// The source is plain text extracted from a formatted document, so headings and list items are
// sometimes glued together ("...verify:- Uptime monitoring is active", "Symptoms: ... Solution:- ...",
// "...to production.Quick Links"). The fragments below undo that gluing; each one must then occur
// in some built page, compared lowercased, with all whitespace removed and curly quotes made straight.
//
// The test reads `dist/`, so build first: `npm run build`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFragments, htmlToText, normalise } from "./runbook-text.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const sharedSource = join(repoRoot, "..", "shared", "source", "production-runbook.txt");
const committedSource = join(repoRoot, "test", "content", "production-runbook.txt");
const distDir = join(repoRoot, "dist");

/** The source runbook: the shared original when this checkout has one, else the committed copy. */
function sourcePath(): string {
  return existsSync(sharedSource) ? sharedSource : committedSource;
}

/** Built pages, without the 404 page and the `_astro` asset directory. */
function builtPages(): string[] {
  return readdirSync(distDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .filter((file) => file !== "404.html" && !file.split(sep).includes("_astro"))
    .map((file) => join(distDir, file))
    .sort();
}

describe("the runbook site covers the source runbook", () => {
  it("keeps the committed copy of the source identical to the shared original", () => {
    if (!existsSync(sharedSource)) return; // Only the committed copy exists in this checkout.
    expect(
      readFileSync(committedSource).equals(readFileSync(sharedSource)),
      `${committedSource} differs from ${sharedSource}: copy it again byte for byte`,
    ).toBe(true);
  });

  it("extracts the headings and list items of the source", () => {
    const fragments = extractFragments(readFileSync(sourcePath(), "utf8"));
    expect(fragments).toContain("Production Deployment Runbook");
    expect(fragments).toContain("Quick reference guide for deploying Dashtray to production.");
    expect(fragments).toContain("Quick Links");
    expect(fragments).toContain("GitHub Actions build fails");
    expect(fragments).toContain("Check build logs in GitHub Actions");
    expect(fragments).toContain("pnpm run build");
    expect(fragments).toContain("Click “Rollback to this deployment”");
    expect(fragments).toContain("Document each deployment:");
    expect(fragments).toContain("Success Criteria");
    expect(fragments).toContain("Monitoring shows normal metrics");
    expect(fragments.every((fragment) => !fragment.startsWith("-") && fragment === fragment.trim())).toBe(true);
    expect(fragments.length).toBeGreaterThan(90);
  });

  it("compares the text a reader sees, not the markup", () => {
    const html =
      '<nav>Sidebar only</nav><main><h2>Quick Links<a href="#q">#</a></h2><p>Error rate &lt; 1% &amp; p95</p>' +
      "<script>const hidden = 1;</script><p>Click \u201CRollback\u201D</p></main>";
    const text = normalise(htmlToText(html));
    expect(text).toContain(normalise("Quick Links"));
    expect(text).toContain(normalise("Error rate < 1% & p95"));
    expect(text).toContain(normalise('Click "Rollback"'));
    expect(text).not.toContain("hidden");
    expect(text).not.toContain("sidebar");
  });

  it("shows every heading and list item of the source somewhere in the built site", () => {
    if (!existsSync(distDir)) {
      throw new Error(`No built site at ${distDir}. Run \`npm run build\` first, then run this test again.`);
    }
    const pages = builtPages();
    expect(pages.length, `No HTML pages under ${distDir}. Run \`npm run build\` first.`).toBeGreaterThan(0);
    const siteText = pages.map((page) => normalise(htmlToText(readFileSync(page, "utf8")))).join("\n");

    const fragments = extractFragments(readFileSync(sourcePath(), "utf8"));
    const missing = fragments.filter((fragment) => !siteText.includes(normalise(fragment)));
    const report = missing.map((fragment) => `  - ${JSON.stringify(fragment)}`).join("\n");
    expect(
      missing,
      `${missing.length} of ${fragments.length} source fragments are missing from the built site ` +
        `(${pages.length} pages under ${relative(repoRoot, distDir)}/):\n${report}`,
    ).toEqual([]);
  });
});
