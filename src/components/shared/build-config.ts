/**
 * @module
 * The runbook config as the widgets see it while the site builds (never in the browser bundle):
 * titles and descriptions for the HTML that reads fine without JavaScript.
 */

import type { z } from "zod";
import rawConfig from "../../../runbook.config.json" with { type: "json" };
import type { CheckDefinition } from "../../core/config/checks.ts";
import { describeIssues } from "../../core/config/errors.ts";
import { loadConfig, type ResolvedEnvironment } from "../../core/config/load.ts";

// The demo origin here only decides that the demo environment is listed; nothing is fetched at build.
export const buildConfig = loadConfig(rawConfig, { demoOrigin: "http://127.0.0.1:8790" });

/** Validates a widget's props; a bad prop fails the build with `[Widget] prop: problem`. */
export function widgetProps<T extends z.ZodType>(widget: string, schema: T, props: unknown): z.output<T> {
  const parsed = schema.safeParse(props);
  if (!parsed.success) throw new Error(`[${widget}] invalid props: ${describeIssues(parsed.error).join("; ")}`);
  return parsed.data;
}

/** The check with this id as the widget shows it before it runs; every environment that defines it. */
export function checkForWidget(
  widget: string,
  id: string,
): { check: CheckDefinition; environments: ResolvedEnvironment[] } {
  const environments = buildConfig.environments.filter((e) => e.checks.some((c) => c.id === id));
  const first = environments[0]?.checks.find((c) => c.id === id);
  if (!first) {
    const known = [...new Set(buildConfig.environments.flatMap((e) => e.checks.map((c) => c.id)))];
    throw new Error(`[${widget}] unknown check id "${id}"; runbook.config.json defines: ${known.join(", ")}`);
  }
  return { check: first, environments };
}
