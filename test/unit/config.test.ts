import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseCheck } from "../../src/core/config/index.ts";
import { createApp } from "../../src/server/app.ts";
import { createRuntime } from "../../src/server/runtime.ts";
import { realConfig } from "./support/config.ts";

/** The smallest valid config: one environment, one target, with `checks` and overrides added by each test. */
function config(overrides: { checks?: unknown[]; production?: Record<string, unknown> } = {}) {
  return {
    checks: overrides.checks ?? [],
    environments: {
      production: { label: "Production", targets: { app: "https://app.example.com" }, ...overrides.production },
    },
  };
}

const check = (extra: Record<string, unknown> = {}) => ({
  id: "app-up",
  title: "App answers",
  target: "app",
  ...extra,
});

describe("config validation names the field and says what is wrong", () => {
  it("a target that is not an http(s) URL", () => {
    expect(() =>
      loadConfig(config({ production: { targets: { app: "app.example.com", convex: "ftp://files.example.com" } } })),
    ).toThrowErrorMatchingInlineSnapshot(`
        [ConfigError: [runbook config] runbook.config.json is invalid:
          - environments.production.targets.app: expected an http(s) URL
          - environments.production.targets.convex: expected an http(s) URL]
      `);
  });

  it("a check naming a target its environment does not have", () => {
    expect(() => loadConfig(config({ checks: [check({ target: "convex" })] }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[0].target: environment "production" has no target "convex" (it has: app)]
    `);
  });

  it("the same check id twice, shared or within one environment", () => {
    expect(() =>
      loadConfig(config({ checks: [check(), check({ title: "Again" })] })),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[1].id: duplicate check id "app-up"]
    `);
    expect(() =>
      loadConfig(config({ production: { checks: [check(), check()] } })),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments.production.checks[1].id: duplicate check id "app-up"]
    `);
  });

  it("a JSON path that is not a dotted path", () => {
    const assertions = [
      { type: "json", path: "checks..status", op: "exists" },
      { type: "json", path: "[0].id", op: "exists" },
      { type: "json", path: "plans[x]", op: "exists" },
    ];
    expect(() => loadConfig(config({ checks: [check({ assertions })] }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[0].assertions[0].path: expected a dotted path such as "status" or "checks.db[0].status"
        - checks[0].assertions[1].path: expected a dotted path such as "status" or "checks.db[0].status"
        - checks[0].assertions[2].path: expected a dotted path such as "status" or "checks.db[0].status"]
    `);
  });

  it("a numeric JSON operator without a numeric value, and a comparing one without any", () => {
    const assertions = [
      { type: "json", path: "plans", op: "lengthGte", value: "1" },
      { type: "json", path: "latencyMs", op: "lt" },
      { type: "json", path: "status", op: "equals" },
    ];
    expect(() => loadConfig(config({ checks: [check({ assertions })] }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[0].assertions[0].value: this operator needs a numeric \`value\`
        - checks[0].assertions[1].value: this operator compares against \`value\`, which is missing
        - checks[0].assertions[1].value: this operator needs a numeric \`value\`
        - checks[0].assertions[2].value: this operator compares against \`value\`, which is missing]
    `);
  });

  it("a status assertion with two of equals, in and range, or none", () => {
    const assertions = [
      { type: "status", equals: 200, in: [200, 204] },
      { type: "status", in: [200], range: [200, 299] },
      { type: "status" },
    ];
    expect(() => loadConfig(config({ checks: [check({ assertions })] }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[0].assertions[0]: give exactly one of \`equals\`, \`in\` or \`range\`
        - checks[0].assertions[1]: give exactly one of \`equals\`, \`in\` or \`range\`
        - checks[0].assertions[2]: give exactly one of \`equals\`, \`in\` or \`range\`]
    `);
  });

  it("no environments at all, or an empty set of them", () => {
    expect(() => loadConfig({ checks: [] })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments: Invalid input: expected record, received undefined]
    `);
    expect(() => loadConfig({ environments: {} })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments: configure at least one environment]
    `);
  });

  it("an environment id that is not a slug, and an unknown field", () => {
    const env = { label: "QA", targets: { app: "https://qa.example.com" } };
    expect(() =>
      loadConfig({ environments: { QA: env, pre_view: env, "2nd": env } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments.QA: environment id must be a slug: a lowercase letter, then lowercase letters, digits or "-" (at most 63), e.g. "preview-eu"
        - environments.pre_view: environment id must be a slug: a lowercase letter, then lowercase letters, digits or "-" (at most 63), e.g. "preview-eu"
        - environments.2nd: environment id must be a slug: a lowercase letter, then lowercase letters, digits or "-" (at most 63), e.g. "preview-eu"]
    `);
    expect(() => loadConfig(config({ checks: [check({ timeout: 5 })] }))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - checks[0]: Unrecognized key: "timeout"]
    `);
  });

  it("a bad RUNBOOK_DEMO_ORIGIN", () => {
    expect(() => loadConfig(config(), { demoOrigin: "localhost:8790" })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] RUNBOOK_DEMO_ORIGIN is invalid:
        - RUNBOOK_DEMO_ORIGIN: expected an http(s) origin, got "localhost:8790"]
    `);
    expect(() => loadConfig(config(), { demoOrigin: "ftp://127.0.0.1:8790" })).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] RUNBOOK_DEMO_ORIGIN is invalid:
        - RUNBOOK_DEMO_ORIGIN: expected an http(s) origin, got "ftp://127.0.0.1:8790"]
    `);
  });

  it("lists every problem at once, each on its own line, and keeps them as `issues`", () => {
    let error: unknown;
    try {
      loadConfig(
        config({ checks: [check({ target: "nope", path: "health" })], production: { targets: { app: "nope" } } }),
        {
          source: "runbook.config.json (test)",
        },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toMatchInlineSnapshot(`
      [
        "checks[0].path: must start with /",
        "environments.production.targets.app: expected an http(s) URL",
        "checks[0].target: environment "production" has no target "nope" (it has: app)",
      ]
    `);
    expect((error as ConfigError).message).toMatch(
      /^\[runbook config\] runbook\.config\.json \(test\) is invalid:\n {2}- /,
    );
  });

  it("parseCheck validates one check alone", () => {
    expect(() =>
      parseCheck({ id: "App Health", title: "", target: "app", timeoutMs: 50 }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] check is invalid:
        - id: use lowercase letters, digits and dashes (max 63)
        - title: Too small: expected string to have >=1 characters
        - timeoutMs: Too small: expected number to be >=100]
    `);
  });
});

describe("the project's runbook.config.json", () => {
  it("loads, with staging and production only when there is no demo origin", () => {
    const loaded = loadConfig(realConfig());
    expect(loaded.environments.map((e) => e.id)).toEqual(["staging", "production"]);
    for (const env of loaded.environments) {
      expect(env.checks.length).toBeGreaterThan(0);
      for (const c of env.checks) expect(Object.keys(env.targets)).toContain(c.target);
    }
  });

  it("an empty demo origin counts as none", () => {
    expect(loadConfig(realConfig(), { demoOrigin: "" }).environments.map((e) => e.id)).toEqual([
      "staging",
      "production",
    ]);
  });

  it("serves the demo environment first and rebases its targets and API bases onto the demo origin", () => {
    const origin = "http://127.0.0.1:5999";
    const loaded = loadConfig(realConfig(), { demoOrigin: `${origin}/` });
    expect(loaded.environments.map((e) => e.id)).toEqual(["demo", "staging", "production"]);
    const demo = loaded.environments[0]!;
    expect(demo.demo).toBe(true);
    expect(demo.targets.app).toBe(origin);
    expect(demo.targets.convex).toBe(`${origin}/convex`);
    for (const url of Object.values(demo.targets)) expect(url.startsWith(origin)).toBe(true);
    expect(demo.cloudflare?.apiBase).toBe(`${origin}/cloudflare/client/v4`);
    expect(demo.github?.apiBase).toBe(`${origin}/github`);
    // Real environments keep their own URLs.
    const production = loaded.environments.find((e) => e.id === "production")!;
    for (const url of Object.values(production.targets)) expect(url.startsWith("https://")).toBe(true);
  });
});

describe("environments are the ones the config names", () => {
  const fourth = () => {
    const raw = realConfig() as { environments: Record<string, Record<string, unknown>> };
    raw.environments["preview-eu"] = {
      label: "Preview (EU)",
      description: "Preview deployments served from the EU region.",
      targets: { app: "https://preview-eu.dashtray.example.com", convex: "https://preview-eu-123.convex.site" },
    };
    return raw;
  };

  it("a fourth environment with a slug id validates and is listed after the others, in the config's order", () => {
    const loaded = loadConfig(fourth(), { demoOrigin: "http://127.0.0.1:5999" });
    expect(loaded.environments.map((e) => e.id)).toEqual(["demo", "staging", "production", "preview-eu"]);
    const preview = loaded.environments.at(-1)!;
    expect(preview).toMatchObject({ label: "Preview (EU)", demo: false, productionLike: false });
    expect(preview.checks.map((c) => c.id)).toContain("frontend");
  });

  it("the API lists it for the picker and resolves ?env= to it", async () => {
    const app = createApp(createRuntime({ loaded: loadConfig(fourth()), cache: null }));
    const listed = await app.request("/api/environments", {}, { RUNBOOK_ACCESS: "off" });
    expect(((await listed.json()) as { environments: { id: string }[] }).environments.map((e) => e.id)).toEqual([
      "staging",
      "production",
      "preview-eu",
    ]);
    const checks = await app.request("/api/checks?env=preview-eu", {}, { RUNBOOK_ACCESS: "off" });
    expect(checks.status).toBe(200);
    expect(((await checks.json()) as { environment: string }).environment).toBe("preview-eu");
  });

  it("productionLike is the config's flag, not the id: only production is marked in the project's config", () => {
    const loaded = loadConfig(fourth(), { demoOrigin: "http://127.0.0.1:5999" });
    expect(loaded.environments.filter((e) => e.productionLike).map((e) => e.id)).toEqual(["production"]);
    const raw = fourth();
    raw.environments["preview-eu"]!.productionLike = true;
    raw.environments.production!.productionLike = false;
    expect(
      loadConfig(raw)
        .environments.filter((e) => e.productionLike)
        .map((e) => e.id),
    ).toEqual(["preview-eu"]);
  });
});

describe("shared checks and environment overrides", () => {
  const shared = [
    check({ id: "frontend", title: "Frontend" }),
    check({ id: "api-plans", title: "Plans (shared)", path: "/api/plans" }),
    check({ id: "convex-version", title: "Convex version", target: "convex" }),
  ];

  it("an environment replaces a shared check by id and keeps the others", () => {
    const loaded = loadConfig({
      checks: shared,
      environments: {
        staging: { label: "Staging", targets: { app: "https://s.example.com", convex: "https://s.convex.site" } },
        production: {
          label: "Production",
          targets: { app: "https://p.example.com", convex: "https://p.convex.site" },
          checks: [check({ id: "api-plans", title: "Plans (production)", path: "/api/v2/plans", timeoutMs: 2_000 })],
        },
      },
    });
    const [staging, production] = loaded.environments;
    expect(staging?.checks.map((c) => [c.id, c.title])).toEqual([
      ["frontend", "Frontend"],
      ["api-plans", "Plans (shared)"],
      ["convex-version", "Convex version"],
    ]);
    expect(production?.checks.map((c) => c.id).sort()).toEqual(["api-plans", "convex-version", "frontend"]);
    const plans = production?.checks.find((c) => c.id === "api-plans");
    expect(plans).toMatchObject({ title: "Plans (production)", path: "/api/v2/plans", timeoutMs: 2_000 });
  });

  it("an override may point at a target the shared check's target is missing from", () => {
    // Production has no `convex` target, but it replaces the only check that needed one.
    const loaded = loadConfig({
      checks: shared,
      environments: {
        production: {
          label: "Production",
          targets: { app: "https://p.example.com" },
          checks: [check({ id: "convex-version", title: "Convex version via the app", path: "/convex/version" })],
        },
      },
    });
    expect(loaded.environments[0]?.checks.find((c) => c.id === "convex-version")?.target).toBe("app");
  });

  it("fills every check with the schema's defaults", () => {
    const env = loadConfig(config({ checks: [check()] })).environments[0]!;
    expect(env.checks[0]).toEqual({
      id: "app-up",
      title: "App answers",
      kind: "http",
      target: "app",
      path: "/",
      method: "GET",
      headers: {},
      followRedirects: true,
      timeoutMs: 5_000,
      maxBytes: 1024 * 1024,
      expectStatus: [200, 299],
      assertions: [],
      smoke: true,
    });
  });
});
