/** Widget states a reader tells apart at a glance: each has its own word and symbol, not just a colour. */
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

/** "12 s ago", "3 min ago": how old a result is. */
export function age(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
