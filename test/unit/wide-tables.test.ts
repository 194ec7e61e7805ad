import { describe, expect, it } from "vitest";
import { wrapWideTables } from "../../src/components/overrides/wide-tables.ts";

const table = (columns: number) =>
  `<table><thead><tr>${"<th>h</th>".repeat(columns)}</tr></thead><tbody><tr>${"<td>v</td>".repeat(columns)}</tr></tbody></table>`;

describe("the widest docs tables", () => {
  it("scroll in a focusable region named after the heading above; narrower tables stay as they are", () => {
    const html = `<h2 id="a">What is read</h2>${table(3)}<div class="sl-heading-wrapper"><h2 id="b">Runs &amp; their <code>status</code></h2><a href="#b"><span>Section titled</span></a></div><p>x</p>${table(8)}`;
    const out = wrapWideTables(html);
    expect(out.startsWith(`<h2 id="a">What is read</h2>${table(3)}`)).toBe(true);
    expect(out).toContain(
      `<div class="rw-table-scroll rw-doc-table" role="region" tabindex="0" aria-label="Table: Runs &amp; their status">${table(8)}</div>`,
    );
    expect(out.match(/role="region"/g)).toHaveLength(1);
  });

  it("leaves a widget's own table (it has a class) to its widget", () => {
    const widget = table(6).replace("<table>", '<table class="rw-history-table">');
    expect(wrapWideTables(widget)).toBe(widget);
  });

  it("names a wide table without a heading above it plainly", () => {
    expect(wrapWideTables(table(5))).toContain('aria-label="Table"');
  });
});
