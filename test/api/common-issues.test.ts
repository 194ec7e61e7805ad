import { afterEach, describe, expect, inject, it } from "vitest";
import {
  type BuildReport,
  buildReport,
  type ConfigCheckReport,
  configCheckReport,
  type DnsReport,
  dnsReport,
  type WebhookProbeReport,
  webhookProbeReport,
} from "../../src/core/incidents/schemas.ts";
import { DEMO_VALUE_MARKER } from "../../src/demo/variables.ts";
import { DEFAULT_WEBHOOK_SECRET } from "../../src/demo/webhooks.ts";
import { demoCounts, resetDemo, setDemo } from "../support/demo.ts";

// The four Common Issues routes in workerd (`wrangler pages dev`), on the demo, in each of its states.
const site = inject("siteUrl");
const demo = inject("demoUrl");
afterEach(() => resetDemo());

/** Every answer is checked for what must never be in one: a variable value, a token, the signing secret. */
async function call(path: string, method = "GET") {
  const res = await fetch(`${site}${path}`, { method });
  const text = await res.text();
  for (const secret of [DEMO_VALUE_MARKER, "demo-token", DEFAULT_WEBHOOK_SECRET.slice("whsec_".length)])
    expect(text, `${path} carries ${secret}`).not.toContain(secret);
  expect(res.status, text).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return JSON.parse(text) as unknown;
}

const configCheck = async (): Promise<ConfigCheckReport> =>
  configCheckReport.parse(await call("/api/config-check?env=demo"));
const probe = async (): Promise<WebhookProbeReport> =>
  webhookProbeReport.parse(await call("/api/webhooks/probe?env=demo", "POST"));
const dns = async (): Promise<DnsReport> => dnsReport.parse(await call("/api/dns?env=demo"));
const build = async (): Promise<BuildReport> => buildReport.parse(await call("/api/build?env=demo"));

describe("GET /api/config-check in workerd", () => {
  it("complete: every required name found in the Function's bindings, Pages, Convex and GitHub", async () => {
    const report = await configCheck();
    expect(report.status).toBe("complete");
    expect(report.groups.map((g) => [g.group, g.result.ok && g.result.data.every((v) => v.present)])).toEqual([
      ["function", true],
      ["pages", true],
      ["convex", true],
      ["github", true],
    ]);
    const github = report.groups.find((g) => g.group === "github");
    expect(github?.result.ok && github.result.data.map((v) => v.foundAs)).toEqual([
      "secret",
      "secret",
      "secret",
      "variable",
    ]);
  });

  it("missing: one name per place, each with the command that adds it (and no value, though every stand-in sent values)", async () => {
    await setDemo({ variablesScenario: "missing" });
    const report = await configCheck();
    expect(report).toMatchObject({ status: "missing", missing: 3 });
    const missing = report.groups.flatMap((g) =>
      g.result.ok ? g.result.data.filter((v) => !v.present).map((v) => v.fix?.command) : [],
    );
    expect(missing).toEqual([
      "npx wrangler pages secret put SENTRY_DSN --project-name dashtray",
      "npx convex env set DODO_PAYMENTS_WEBHOOK_SECRET --deployment demo-dashtray-123",
      "gh secret set CONVEX_DEPLOY_KEY --repo dashtray/dashtray",
    ]);
  });

  it("a place whose API fails is reported in its group; the others still answer", async () => {
    await setDemo({ githubApi: "rate-limited" });
    const report = await configCheck();
    const github = report.groups.find((g) => g.group === "github");
    expect(github?.result).toMatchObject({
      ok: false,
      error: { code: "rate_limited", retryAfterSeconds: expect.any(Number) },
    });
    expect(report.groups.filter((g) => g.result.ok)).toHaveLength(3);
    expect(report.status).toBe("incomplete");
  });
});

describe("POST /api/webhooks/probe in workerd", () => {
  it("verification on: unsigned 400, wrong key 401, the signed runbook.probe event accepted", async () => {
    const before = (await demoCounts())["POST /convex/webhooks/dodopayments"] ?? 0;
    const report = await probe();
    expect(report.verdict).toBe("validation-on");
    expect(report.url).toBe(`${demo}/convex/webhooks/dodopayments`);
    expect(report.attempts.map((a) => [a.kind, a.outcome, a.status])).toEqual([
      ["unsigned", "rejected", 400],
      ["wrong-signature", "rejected", 401],
      ["signed", "accepted", 200],
    ]);
    expect((await demoCounts())["POST /convex/webhooks/dodopayments"]).toBe(before + 3);
    const events = (await (await fetch(`${demo}/__demo/state`)).json()) as { webhookEvents: string[] };
    expect(events.webhookEvents.at(-1)).toMatch(/^msg_runbook_probe_/);
  });

  it("verification off: the probe says signature validation is OFF", async () => {
    await setDemo({ webhookVerification: "off" });
    const report = await probe();
    expect(report).toMatchObject({
      verdict: "validation-off",
      title: "Endpoint accepts unsigned requests: signature validation is OFF",
    });
  });

  it("endpoint down: the demo's Convex answers 503", async () => {
    await setDemo({ mode: "down" });
    const report = await probe();
    expect(report.verdict).toBe("endpoint-down");
    expect(report.attempts[0]).toMatchObject({ outcome: "failed", status: 503 });
  });
});

describe("GET /api/dns in workerd", () => {
  it("correct: CNAME to dashtray.pages.dev, the site answers, the custom domain is active", async () => {
    const report = await dns();
    expect(report.status).toBe("ok");
    expect(report.records).toEqual({
      ok: true,
      data: [
        {
          type: "CNAME",
          expected: "dashtray.pages.dev",
          outcome: "match",
          actual: ["dashtray.pages.dev"],
          detail: "dashtray.example.com CNAME → dashtray.pages.dev, as expected.",
        },
      ],
    });
    expect(report.https).toMatchObject({ outcome: "plain-http", status: 200 });
    expect(report.customDomain.ok && report.customDomain.data.status).toBe("active");
  });

  it.each([
    ["wrong-record", "wrong", "points at old-dashtray.netlify.app, not dashtray.pages.dev"],
    ["nxdomain", "nxdomain", "does not exist in DNS (NXDOMAIN)"],
  ] as const)("%s: the record check says so and the panel is a problem", async (dnsScenario, outcome, words) => {
    await setDemo({ dnsScenario });
    const report = await dns();
    expect(report.status).toBe("problem");
    expect(report.records.ok && report.records.data[0]).toMatchObject({
      outcome,
      detail: expect.stringContaining(words),
    });
    expect(report.summary).toContain(words);
  });

  it.each([
    ["pending", "Add TXT _cf-custom-hostname.dashtray.example.com = 5d6c4b1a-2f3e-4a5b-8c9d-0e1f2a3b4c5d"],
    ["error", "CNAME record not set: dashtray.example.com does not point at dashtray.pages.dev"],
  ] as const)("custom domain %s: Cloudflare's own validation message", async (domainScenario, words) => {
    await setDemo({ domainScenario });
    const report = await dns();
    expect(report.status).toBe("problem");
    expect(report.customDomain.ok && report.customDomain.data).toMatchObject({
      status: domainScenario,
      detail: expect.stringContaining(words),
    });
  });

  it("the site down: HTTPS answers 503 (connection fine, site not)", async () => {
    await setDemo({ mode: "down" });
    const report = await dns();
    expect(report.https).toMatchObject({ outcome: "http-error", status: 503 });
  });
});

describe("GET /api/build in workerd", () => {
  it("passing: the latest run on main, its commit and log command, and Node 24 from .nvmrc", async () => {
    const report = await build();
    expect(report.status).toBe("passing");
    expect(report.run.ok && report.run.data).toMatchObject({
      conclusion: "success",
      headSha: "0559c70afe5688dad05ab9385da715d02493f9a1",
      commitUrl: `${demo}/dashboards/github/dashtray/dashtray/commit/0559c70afe5688dad05ab9385da715d02493f9a1`,
      logsCommand: expect.stringMatching(/^gh run view \d+ --repo dashtray\/dashtray --log$/),
    });
    expect(report.node.ok && report.node.data).toMatchObject({
      declared: "24",
      major: 24,
      file: ".nvmrc",
      ref: "main",
    });
  });

  it("failing: the run failed and the command reads only the failed steps", async () => {
    await setDemo({ buildScenario: "failing" });
    const report = await build();
    expect(report.status).toBe("failing");
    expect(report.summary).toMatch(/^Deploy run #\d+ on 0559c70 failed/);
    expect(report.run.ok && report.run.data?.logsCommand).toMatch(/--log-failed$/);
  });

  it("approval and stale: their own words and next step, never the failed-steps advice, never failing", async () => {
    await setDemo({ buildScenario: "approval" });
    const approval = await build();
    expect(approval.status).toBe("waiting");
    expect(approval.summary).toMatch(/^Deploy run #\d+ on 0559c70 waits for a maintainer's approval/);
    const run = approval.run.ok ? approval.run.data : null;
    expect(run?.logsCommand).not.toContain("--log-failed");
    expect(run?.nextLink?.label).toMatch(/^Approve run #\d+ on GitHub$/);
    expect(run?.nextLink?.href).toBe(run?.htmlUrl);
    await setDemo({ buildScenario: "stale" });
    const stale = await build();
    expect(stale.status).toBe("inconclusive");
    expect(stale.summary).toContain("is stale");
    expect(stale.summary).not.toMatch(/failed|failing/);
  });

  it("GitHub down: both parts say so, the answer is still a 200", async () => {
    await setDemo({ githubApi: "error" });
    const report = await build();
    expect(report.status).toBe("incomplete");
    expect(report.run.ok || report.run.error.code).toBe("upstream_error");
    expect(report.node.ok || report.node.error.code).toBe("upstream_error");
  });
});
