// Pure text helpers for the runbook coverage test: turn the source runbook into the fragments that
// must survive, and a built page into the text a reader sees. No I/O here.

/**
 * Every heading and list item of the source text, as written there.
 * Lines are split where the extraction merged fragments: on the words "Symptoms:" and "Solution:"
 * (first, so "Solution:-" goes as a whole), on ":-" and " - " (a list item glued to the line before),
 * and where a heading was glued straight onto the end of a sentence (".Q" in
 * "production.Quick Links", ":S" in "deployment:Success Criteria").
 * Empty pieces are dropped and a leading "- " is stripped.
 */
export function extractFragments(source: string): string[] {
  const fragments: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    const pieces = line
      .split(/Symptoms:|Solution:/)
      .flatMap((piece) => piece.split(":-"))
      .flatMap((piece) => piece.split(" - "))
      .flatMap((piece) => piece.split(/(?<=[a-z][.:])(?=[A-Z])/))
      .map((piece) => piece.trim().replace(/^-\s*/, "").trim())
      .filter((piece) => piece.length > 0);
    fragments.push(...pieces);
  }
  return [...new Set(fragments)];
}

/** Lowercase, no whitespace at all, curly quotes made straight. */
export function normalise(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, "");
}

const namedEntities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ldquo: "\u201C",
  rdquo: "\u201D",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ndash: "\u2013",
  mdash: "\u2014",
  hellip: "\u2026",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return namedEntities[name.toLowerCase()] ?? whole;
  });
}

/**
 * The text a reader sees in the page's main content (site header and sidebar left out, so a page
 * title in the navigation does not stand in for the page itself): no scripts, styles, templates,
 * comments or tags; entities decoded.
 */
export function htmlToText(html: string): string {
  const mainStart = html.indexOf("<main");
  const mainEnd = html.lastIndexOf("</main>");
  const main = mainStart >= 0 && mainEnd > mainStart ? html.slice(mainStart, mainEnd) : html;
  const withoutCode = main.replace(/<!--[\s\S]*?-->/g, " ").replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, " ");
  return decodeEntities(withoutCode.replace(/<[^>]*>/g, " "));
}
