/**
 * @module
 * Upstream text written into Markdown exports (the deployment record, the verify-all summary) that are
 * pasted into PRs and deploy logs. A version string or body excerpt like `![x](https://evil.example/b.png)`
 * must stay text there: no image, link, HTML or table break.
 */

/**
 * Text on one line with what could make markup backslash-escaped: links and images (`[`, `]`), HTML
 * and autolinks (`<`, `>`, `&`), emphasis and code (`*`, `_`, `~`, `` ` ``), table cells (`|`), and
 * the bare `https://` and `www.` GitHub would turn into links. Ordinary text (dates, versions) stays as it reads.
 */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_[\]<>|~&@]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, "\\:\\/\\/")
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
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
