/**
 * @module
 * Characters a person's text may not carry: they are invisible in every view of the audit log and the
 * deployment record, or they reorder what is shown around them (the "Trojan Source" overrides), so a
 * note could read differently from what was stored.
 */

/** Where a field may break lines: notes and reasons are multi-line, labels and versions are not. */
export type Lines = "single" | "multi";

const C0_BREAKS = new Set([0x09, 0x0a, 0x0d]);

/** Why `code` is refused in a field of this kind, or `undefined` when it is fine. */
function refusal(code: number, lines: Lines): string | undefined {
  if (code < 0x20) return C0_BREAKS.has(code) && lines === "multi" ? undefined : "a control character";
  if (code === 0x7f) return "a control character (DEL)";
  if (code >= 0x80 && code <= 0x9f) return "a control character (C1)";
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return "a bidirectional override or isolate";
  if ((code === 0x2028 || code === 0x2029) && lines === "single") return "a line separator";
  // U+200E/U+200F (and U+061C) are marks, not overrides: right-to-left writing needs them and they
  // cannot move text across a field, so they are kept.
  return undefined;
}

/**
 * The first refused character as a sentence naming it and its position (1-based, in characters), e.g.
 * `contains U+202E (a bidirectional override or isolate) at character 7`; `undefined` when there is none.
 */
export function hiddenCharacter(text: string, lines: Lines): string | undefined {
  let position = 0;
  for (const char of text) {
    position += 1;
    const code = char.codePointAt(0) ?? 0;
    const why = refusal(code, lines);
    if (why)
      return `contains U+${code.toString(16).toUpperCase().padStart(4, "0")} (${why}) at character ${position}${
        code < 0x20 && lines === "single" && C0_BREAKS.has(code) ? ": this field is one line" : ""
      }`;
  }
  return undefined;
}
