/**
 * @module
 * Bounded previews of what a target answered, for an assertion's `actual`: a JSON value shown to at
 * most `maxDepth` levels and `maxChars` characters without ever walking the whole value (a deeply
 * nested body must not overflow the stack, as `JSON.stringify` does), and text cut to `maxChars`.
 */

export const MAX_SHOWN = 120;
const MAX_DEPTH = 6;

/** One line of text, at most `maxChars` characters (then `…`). */
export function previewText(text: string, maxChars = MAX_SHOWN): string {
  const flat = text
    .slice(0, maxChars * 4)
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars)}…` : flat;
}

/** A JSON value as compact JSON, cut at `maxDepth` levels (`[…]`, `{…}`) and `maxChars` characters. */
export function previewJson(value: unknown, maxChars = MAX_SHOWN, maxDepth = MAX_DEPTH): string {
  let out = "";
  const full = () => out.length > maxChars;
  const write = (v: unknown, depth: number): void => {
    if (full()) return;
    if (v === undefined) out += "undefined";
    else if (v === null || typeof v !== "object")
      out += typeof v === "string" ? JSON.stringify(v.slice(0, maxChars + 1)) : String(v);
    else if (Array.isArray(v)) {
      if (depth >= maxDepth) out += v.length === 0 ? "[]" : "[…]";
      else {
        out += "[";
        for (let i = 0; i < v.length && !full(); i += 1) {
          if (i > 0) out += ",";
          write(v[i], depth + 1);
        }
        out += "]";
      }
    } else {
      const keys = Object.keys(v);
      if (depth >= maxDepth) out += keys.length === 0 ? "{}" : "{…}";
      else {
        out += "{";
        for (let i = 0; i < keys.length && !full(); i += 1) {
          const key = keys[i] as string;
          out += `${i > 0 ? "," : ""}${JSON.stringify(key)}:`;
          write((v as Record<string, unknown>)[key], depth + 1);
        }
        out += "}";
      }
    }
  };
  write(value, 0);
  return previewText(out, maxChars);
}
