/**
 * @module
 * The one CSV writer for every export: RFC 4180 with every cell quoted, and formula injection neutralised
 * as OWASP's CSV Injection guidance says (https://owasp.org/www-community/attacks/CSV_Injection): a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
 * shows it as text. Quoting alone is not enough for a spreadsheet that splits on another separator
 * (`;` in many locales, or a tab) and ignores the quotes: there `ok;=1+1` would start a new cell with a
 * formula. So the same characters after a separator or a line break inside a cell get the `'` too.
 */

/** Characters a spreadsheet reads as the start of a formula (or that hide one: tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A separator some spreadsheet might split on, followed by a formula start: `,=`, `;+`, `\t-`, a line break then `@`. */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n|])(?=[=+\-@\t\r])/g;

/** One cell: neutralised, quoted, inner quotes doubled. */
export function csvCell(value: string): string {
  const neutral = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  const safe = FORMULA_START.test(neutral) ? `'${neutral}` : neutral;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One record with its CRLF line end. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A header and its rows. */
export function csvTable(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let out = csvRow(header);
  for (const row of rows) out += csvRow(row);
  return out;
}
