import { readFileSync } from "node:fs";
import type { CheckDefinitionInput } from "../../../src/core/config/checks.ts";
import { type LoadedConfig, loadConfig, type ResolvedEnvironment } from "../../../src/core/config/load.ts";

/** The project's own runbook.config.json, parsed but not yet validated. */
export function realConfig(): unknown {
  return JSON.parse(readFileSync(new URL("../../../runbook.config.json", import.meta.url), "utf8"));
}

/** The real config loaded with the demo environment pointed at a running demo Dashtray. */
export function loadRealConfig(demoOrigin?: string): LoadedConfig {
  return loadConfig(realConfig(), { demoOrigin });
}

/** The demo environment of the real config, pointed at a running demo Dashtray. */
export function demoEnvironment(demoOrigin: string): ResolvedEnvironment {
  const demo = loadRealConfig(demoOrigin).environments.find((e) => e.id === "demo");
  if (!demo) throw new Error("runbook.config.json has no demo environment");
  return demo;
}

/**
 * A production environment with just these targets and checks, validated by the real loader, so a
 * test's checks get the schema's defaults and its mistakes fail loudly.
 */
export function environmentWith(targets: Record<string, string>, checks: CheckDefinitionInput[]): ResolvedEnvironment {
  const loaded = loadConfig(
    { environments: { production: { label: "Test", targets, checks } } },
    { source: "test config" },
  );
  const env = loaded.environments[0];
  if (!env) throw new Error("test config produced no environment");
  return env;
}
