/**
 * @module
 * The words and symbols of every state a widget shows, defined once: a reader tells pass, warn, fail
 * and "could not run" apart by word and symbol, not just by colour. A leaf module (no imports), so a
 * widget that only quotes a verdict does not load the status line's code, and the Function's server-drawn
 * markup (the monitor's view) says the same words.
 */

export type WidgetState = "idle" | "running" | "pass" | "warn" | "fail" | "error";

export const stateLabel: Record<WidgetState, string> = {
  idle: "Not run",
  running: "Running…",
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  error: "Could not run",
};

export const stateSymbol: Record<WidgetState, string> = {
  idle: "○",
  running: "◌",
  pass: "✓",
  warn: "!",
  fail: "✗",
  error: "⚠",
};

/** "✓ Pass", "⚠ Could not run"; a word no state has is shown as it came. */
export function verdictText(state: string): string {
  return state in stateLabel ? `${stateSymbol[state as WidgetState]} ${stateLabel[state as WidgetState]}` : state;
}
