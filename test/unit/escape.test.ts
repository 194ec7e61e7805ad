import { micromark } from "micromark";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../../src/core/escape/csv.ts";
import { mdLine, mdTable, mdText } from "../../src/core/escape/markdown.ts";
import { CSV_PAYLOADS, MARKDOWN_PAYLOADS } from "../support/hostile-text.ts";

/** RFC 4180 fields of one record (quoted fields only, as `csvRow` writes them). */
function fields(record: string): string[] {
  return [...record.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? "").replaceAll('""', '"'));
}

describe("CSV cells (OWASP CSV Injection)", () => {
  it.each(CSV_PAYLOADS)("%j is quoted and can start no formula, whatever the separator", (payload) => {
    const cell = csvCell(payload);
    expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
    const [value] = fields(cell);
    expect(value).toBeDefined();
    // Read back, the first character is never a formula start...
    expect(value).not.toMatch(/^[=+\-@\t\r]/);
    // ...and neither is any piece a spreadsheet splitting on , ; tab or a line break (ignoring quotes) would make.
    for (const piece of cell.split(/[,;\t\r\n]/).slice(1)) expect(piece.replace(/^"/, "")).not.toMatch(/^[=+\-@]/);
    // Nothing of the text is lost: only the neutralising quotes are added.
    expect(value?.replaceAll("'", "")).toBe(payload.replaceAll("'", ""));
  });

  it("quotes every cell of a record, ordinary text too", () => {
    expect(csvRow(["plain", "2026-11-26", ""])).toBe('"plain","2026-11-26",""\r\n');
  });
});

describe("Markdown text (CommonMark)", () => {
  it.each(MARKDOWN_PAYLOADS)("%j renders as the text it is: no link, image, HTML, emphasis or heading", (payload) => {
    // Inline text follows something on its line; a line of its own also must not start a block.
    for (const written of [`Note: ${mdText(payload)}`, mdLine(payload)]) {
      const html = micromark(written);
      expect(html).toMatch(/^<p>.*<\/p>$/);
      expect(html).not.toMatch(/<(a|img|em|strong|del|code|h\d|blockquote|ul|ol|li|script|table)\b/);
      expect(html).not.toContain("<script");
      expect(html).not.toMatch(/<[^>]*\b(href|src)=/);
    }
  });

  it.each(MARKDOWN_PAYLOADS)("%j keeps its table row to its columns", (payload) => {
    const table = mdTable(["Note", "By"], [[payload, "ana"]]);
    const row = table.split("\n")[2] ?? "";
    // Two cells: the only unescaped pipes are the row's own three.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(3);
  });

  it("leaves dates and versions as they read", () => {
    expect(mdText("1.2.3 on 2026-11-26 at 14:05")).toBe("1.2.3 on 2026-11-26 at 14:05");
  });
});
