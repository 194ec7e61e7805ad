/**
 * @module
 * The one door through which text written by an upstream (an API's error message, an endpoint's
 * own words) reaches a reader. Every client and report quotes upstream text through `excerpt`, so
 * whatever must be kept out of answers (tokens, secrets) is taken out in this one place.
 */
import { scrub } from "../lib/scrub.ts";

/** Longest excerpt quoted; upstream error messages are a sentence or two. */
const MAX_EXCERPT = 200;

/**
 * A short, single-line excerpt of upstream text with the given secrets replaced by `[token]`.
 * Control characters become spaces so a message cannot forge extra lines in a log.
 */
export function excerpt(text: string, secrets: readonly (string | undefined)[] = [], max = MAX_EXCERPT): string {
  // Scrubbed whole before it is cut, so a secret straddling the cut leaves no prefix behind.
  let out = scrub(text, ...secrets);
  out = [...out]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? " " : c))
    .join("")
    .replace(/ {2,}/g, " ")
    .trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
