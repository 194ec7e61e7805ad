/**
 * @module
 * How many rows the hostile history suite (`bad-input-history.test.ts`) and the twenty-encodings echo
 * (`secrets-echo.test.ts`) run, for the row count `bad-input.test.ts` asserts over the whole suite.
 */
import { CSV_PAYLOADS, MARKDOWN_PAYLOADS } from "../support/hostile-text.ts";

/** Notes, reasons and labels carrying characters that would make them read other than they are. */
export const HIDDEN_TEXT: [string, string, string][] = [
  ["a right-to-left override (Trojan Source)", "deploy ok \u202Egnp.exe", "U+202E"],
  ["a left-to-right override", "ok \u202Dhidden", "U+202D"],
  ["a right-to-left isolate", "ok \u2067hidden\u2069", "U+2067"],
  ["a pop directional isolate", "ok hidden\u2069", "U+2069"],
  ["a C1 next-line control", "line\u0085two", "U+0085"],
  ["a C1 control sequence introducer", "colour \u009B31m red", "U+009B"],
  ["DEL", "del\u007F", "U+007F"],
  ["a NUL", "nul\u0000byte", "U+0000"],
  ["an escape sequence", "\u001B[2Jcleared", "U+001B"],
];

/** The bounded-by-design rows (caps, floods, paging, a restart mid-export), by name. */
export const BOUNDED_ROWS = [
  "a note past the notes cap is a 409 naming the cap",
  "a new ticked item past the ticks cap is a 409; re-ticking an item is not",
  "a check result past the checks cap is a 409; a repeat is not",
  "5,000 notes: the log answers 200 with the first notes and the count",
  "5,000 notes: the detail answers 200 with at most the cap of notes",
  "5,000 notes: every list export is complete",
  "5,000 notes: the deployment's own export holds every note, ticks with who and when, and checks",
  "5,000 notes: the deployment still closes, and a new one starts",
  "200 writes a minute from one person: 429 past the limit, one audit row per minute counting them",
  "another person writes meanwhile: their own limit",
  "a reader pressing Verify again within the reuse window is never refused",
  "an export honours limit exactly",
  "an export honours before and the filters exactly as the list does",
  "a list page past 1,000 rows is a 400 naming limit",
  "an export past 100,000 rows is a 400 naming limit",
  "the Function restarted mid-export: the reader gets an error and a file without its end marker, never a silent cut",
] as const;

export const HOSTILE_HISTORY_ROWS =
  CSV_PAYLOADS.length + MARKDOWN_PAYLOADS.length + HIDDEN_TEXT.length + BOUNDED_ROWS.length;
