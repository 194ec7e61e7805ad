import { type CheckDefinition, checkDefinition } from "./checks.ts";
import type { Environment, EnvironmentId } from "./environment.ts";
import { ConfigError, describeIssues } from "./errors.ts";
import { type RunbookConfig, runbookConfig } from "./schema.ts";

/** An environment with its checks resolved (shared ones plus its own, own ones winning by id). */
export interface ResolvedEnvironment extends Environment {
  id: EnvironmentId;
}

export interface LoadedConfig {
  config: RunbookConfig;
  /** Environments in the config's order, each with its own resolved checks (a demo one only with a demo origin). */
  environments: ResolvedEnvironment[];
}

export interface LoadOptions {
  /** Where the config came from, for error messages. */
  source?: string;
  /**
   * Origin of the local demo Dashtray. The demo environment is served only when this is set, and its
   * targets then point at this origin (same paths). Comes from the `RUNBOOK_DEMO_ORIGIN` binding.
   */
  demoOrigin?: string | undefined;
}

/** Validates a raw config object; throws a ConfigError that names every bad field. */
export function loadConfig(raw: unknown, options: LoadOptions = {}): LoadedConfig {
  const source = options.source ?? "runbook.config.json";
  const parsed = runbookConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error));
  const config = parsed.data;

  let demoOrigin: URL | undefined;
  if (options.demoOrigin !== undefined && options.demoOrigin !== "") {
    try {
      demoOrigin = new URL(options.demoOrigin);
      if (!/^https?:$/.test(demoOrigin.protocol)) throw new Error();
    } catch {
      throw new ConfigError("RUNBOOK_DEMO_ORIGIN", [
        `RUNBOOK_DEMO_ORIGIN: expected an http(s) origin, got "${options.demoOrigin}"`,
      ]);
    }
  }

  const environments: ResolvedEnvironment[] = [];
  for (const [id, env] of Object.entries(config.environments)) {
    if (env.demo && !demoOrigin) continue;
    const own = new Set(env.checks.map((c) => c.id));
    const checks: CheckDefinition[] = [...config.checks.filter((c) => !own.has(c.id)), ...env.checks];
    const targets = env.demo && demoOrigin ? rebaseTargets(env.targets, demoOrigin) : env.targets;
    const rebase = (url: string) => (env.demo && demoOrigin ? rebaseUrl(url, demoOrigin) : url);
    // A page link keeps its trailing slash (rebaseUrl drops it from bases).
    const rebaseLink = (url: string) => (env.demo && demoOrigin ? `${demoOrigin.origin}${new URL(url).pathname}` : url);
    environments.push({
      ...env,
      id,
      targets,
      checks,
      // Links too: the demo's dashboard and GitHub stand-in pages live on the same origin as its APIs.
      ...(env.cloudflare && {
        cloudflare: {
          ...env.cloudflare,
          apiBase: rebase(env.cloudflare.apiBase),
          dashboardBase: rebase(env.cloudflare.dashboardBase),
        },
      }),
      ...(env.github && {
        github: { ...env.github, apiBase: rebase(env.github.apiBase), webBase: rebase(env.github.webBase) },
      }),
      ...(env.convex && {
        convex: {
          ...env.convex,
          ...(env.convex.apiBase && { apiBase: rebase(env.convex.apiBase) }),
          dashboardBase: rebase(env.convex.dashboardBase),
        },
      }),
      ...(env.webhooks && { webhooks: { ...env.webhooks, dashboardUrl: rebaseLink(env.webhooks.dashboardUrl) } }),
      ...(env.dns && {
        dns: { ...env.dns, resolver: rebase(env.dns.resolver), ...(env.dns.url && { url: rebase(env.dns.url) }) },
      }),
    });
  }
  return { config, environments };
}

function rebaseUrl(url: string, origin: URL): string {
  const u = new URL(url);
  return `${origin.origin}${u.pathname === "/" ? "" : u.pathname.replace(/\/$/, "")}`;
}

function rebaseTargets(targets: Record<string, string>, origin: URL): Record<string, string> {
  return Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, rebaseUrl(v, origin)]));
}

/** Validates one check definition alone (used by tests and the JSON Schema generator). */
export function parseCheck(raw: unknown): CheckDefinition {
  const parsed = checkDefinition.safeParse(raw);
  if (!parsed.success) throw new ConfigError("check", describeIssues(parsed.error));
  return parsed.data;
}
