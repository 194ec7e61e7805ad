/**
 * @module
 * The one Markdown escaper for everything the runbook writes as Markdown (the history and audit exports,
 * the deployment record, the verify-all summary, the CLI's report): text from readers and upstreams stays
 * text when the file is pasted into a PR, a wiki or a deploy log. Under CommonMark and GitHub's extensions,
 * links, images, autolinks (`<…>`, bare `https://` and `www.`, emails), raw HTML and entities, emphasis,
 * strikethrough, code spans, headings, block quotes, list items and thematic breaks all stay literal,
 * and a value never breaks out of its table cell.
 */

/** What could start markup anywhere in a line: each gets a backslash (CommonMark escapes any ASCII punctuation). */
const INLINE = /[\\`*_[\]<>|~&@!#]/g;
/** What starts a block at the beginning of a line: a heading, quote, list item, thematic break or setext underline. */
const BLOCK_START = /^([-+=>]|\d+[.)])/;

/**
 * Text on one line, inert: line breaks and runs of white space become one space, and whatever could make
 * markup is backslash-escaped, so ordinary text (dates, versions, sentences) still reads as it is.
 */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/:\/\//g, "\\:\\/\\/")
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

/** Inert text that starts a line of its own: also no list item, quote, heading or thematic break. */
export function mdLine(text: string): string {
  return mdText(text).replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/** A table cell: inert text (its `|` escaped, so the row keeps its columns). */
export const mdCell = mdText;

/** A table: a header row, its delimiter row and one row per entry, every cell inert. */
export function mdTable(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [mdRow(header), `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(mdRow(row));
  return `${lines.join("\n")}\n`;
}

/** One table row, every cell inert. */
export function mdRow(cells: readonly string[]): string {
  return `| ${cells.map(mdCell).join(" | ")} |`;
}

/** Text as an inline code span: shown literally, never a link or markup. Backticks inside become quotes. */
export function mdCode(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim().replaceAll("`", "'");
  return flat ? `\`${flat}\`` : "";
}

/**
 * A URL written as a link only when it starts with one of `allowed` (URLs the config names); anything
 * else is a code span, so a hostile upstream cannot place a link in the export.
 */
export function mdUrl(url: string, allowed: readonly string[]): string {
  const flat = url.trim();
  if (!flat) return "";
  const ok = /^https:\/\/[^\s<>()[\]`]+$/.test(flat) && allowed.some((prefix) => prefix && flat.startsWith(prefix));
  return ok ? `<${flat}>` : mdCode(flat);
}
