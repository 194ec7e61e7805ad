/**
 * @module
 * The docs' widest Markdown tables (five columns or more: the upstream reference's run-state and failure
 * tables) cannot fit a 45rem column, let alone a phone, without breaking words. They scroll sideways
 * inside a wrapper keyboard users can reach: focusable and a region named after the heading above it
 * (axe scrollable-region-focusable). Narrower tables fit the column and stay as they are, so no page
 * gains tab stops that scroll nothing. Works on the rendered HTML of a page's content: Markdown tables
 * come out as bare `<table>` elements; a widget's table has a class and is left to its widget.
 */

const WIDE = 5;

/** `html` with every table of `WIDE` columns or more wrapped in a focusable region named after its heading. */
export function wrapWideTables(html: string): string {
  return html.replace(/<table>[\s\S]*?<\/table>/g, (table, offset: number) => {
    const firstRow = /<tr\b[^>]*>([\s\S]*?)<\/tr>/.exec(table)?.[1] ?? "";
    if ((firstRow.match(/<t[hd]\b/g) ?? []).length < WIDE) return table;
    const name = headingBefore(html.slice(0, offset));
    const label = escapeAttribute(name ? `Table: ${name}` : "Table");
    return `<div class="rw-table-scroll rw-doc-table" role="region" tabindex="0" aria-label="${label}">${table}</div>`;
  });
}

/** The text of the last heading in `html`, tags and entities as text. */
function headingBefore(html: string): string | undefined {
  const headings = [...html.matchAll(/<h[2-6]\b[^>]*>([\s\S]*?)<\/h[2-6]>/g)];
  const last = headings.at(-1)?.[1];
  return last
    ?.replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
