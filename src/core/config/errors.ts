import type { z } from "zod";

/** A configuration value that failed validation; `issues` name each field by its dotted path. */
export class ConfigError extends Error {
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[]) {
    super(`[runbook config] ${source} is invalid:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Formats a zod path the way a reader finds it in the JSON file: `environments.demo.checks[2].path`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(root)";
}

/**
 * One line per zod issue: the field, then what was wrong with it. A bad record key (an environment
 * id) says why through its own issue; zod's outer message is only "Invalid key in record".
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${formatPath(issue.path)}: ${message}`;
  });
}
