import { describe, expect, it } from "vitest";
import { buildRows, buildVerdict } from "../../src/components/build-status/build-status.ts";
import { configVerdict, groupState } from "../../src/components/config-check/config-check.ts";
import { domainRows, domainVerdict } from "../../src/components/domain-status/domain-status.ts";
import { attemptMark, probeVerdict } from "../../src/components/webhook-probe/webhook-probe.ts";
import { loadConfig } from "../../src/core/config/index.ts";
import { compareRecord, describeCustomDomain, normalizeRecord } from "../../src/core/incidents/dns.ts";
import { endOfLife, parseNodeVersion } from "../../src/core/incidents/node-version.ts";
import type {
  BuildReport,
  ConfigCheckReport,
  DnsReport,
  WebhookAttempt,
  WebhookProbeReport,
} from "../../src/core/incidents/schemas.ts";
import { fixCommand, namesOf, presence } from "../../src/core/incidents/variables.ts";
import { classifyStatus, webhookVerdict } from "../../src/core/incidents/webhooks.ts";

function production(extra: Record<string, unknown>) {
  return {
    environments: { production: { label: "Production", targets: { app: "https://app.example.com" }, ...extra } },
  };
}

describe("config: the Common Issues fields name what is wrong", () => {
  it("a value where a variable name belongs, a name listed twice, an unknown place", () => {
    expect(() =>
      loadConfig(
        production({ requiredVariables: { convex: ["API_KEY=sk_live_123", "SITE_URL", "SITE_URL"], vercel: [] } }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments.production.requiredVariables.convex[0]: expected a variable name such as CONVEX_DEPLOY_KEY (letters, digits and _; not a value)
        - environments.production.requiredVariables.convex: each name once
        - environments.production.requiredVariables: Unrecognized key: "vercel"]
    `);
  });

  it("a webhook target the environment does not have, and plain http for the HTTPS probe outside the demo", () => {
    expect(() =>
      loadConfig(
        production({
          webhooks: { target: "convex", path: "/webhooks/dodopayments" },
          dns: {
            domain: "dashtray.example.com",
            expect: [{ type: "CNAME", value: "dashtray.pages.dev" }],
            url: "http://dashtray.example.com/",
          },
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments.production.webhooks.target: no target "convex" (targets: app)
        - environments.production.dns.url: expected an https URL: this probe checks the certificate]
    `);
  });

  it("a domain that is not a host name, a record type DoH is not asked for, a version file outside the repository", () => {
    expect(() =>
      loadConfig(
        production({
          dns: { domain: "https://Dashtray.example.com", expect: [{ type: "MX", value: "mx.example.com" }] },
          build: { nodeVersionFile: "../.nvmrc" },
        }),
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: [runbook config] runbook.config.json is invalid:
        - environments.production.dns.domain: expected a lower-case host name such as dashtray.example.com
        - environments.production.dns.expect[0].type: Invalid option: expected one of "A"|"AAAA"|"CNAME"|"TXT"
        - environments.production.build.nodeVersionFile: expected a path inside the repository such as .nvmrc]
    `);
  });

  it("defaults: no names required, the public resolver, .nvmrc, CONVEX_DEPLOY_KEY", () => {
    const env = loadConfig(
      production({
        convex: { deployment: "happy-animal-123" },
        dns: { domain: "a.example.com", expect: [{ type: "A", value: "192.0.2.1" }] },
      }),
    ).environments[0];
    expect(env?.requiredVariables).toEqual({ function: [], pages: [], convex: [], github: [] });
    expect(env?.dns?.resolver).toBe("https://cloudflare-dns.com/dns-query");
    expect(env?.build).toEqual({ nodeVersionFile: ".nvmrc" });
    expect(env?.convex?.tokenVariable).toBe("CONVEX_DEPLOY_KEY");
  });
});

describe("configuration check: presence and the exact fix, never a value", () => {
  const context = {
    environmentId: "production",
    productionLike: true,
    pagesProject: "dashtray",
    convexDeployment: "production-dashtray-789",
    repo: "dashtray/dashtray",
  };

  it("one command per place; production Convex takes --prod, another environment its deployment", () => {
    expect(fixCommand("pages", "SENTRY_DSN", context).command).toBe(
      "npx wrangler pages secret put SENTRY_DSN --project-name dashtray",
    );
    expect(fixCommand("convex", "RESEND_API_KEY", context).command).toBe("npx convex env set RESEND_API_KEY --prod");
    expect(
      fixCommand("convex", "RESEND_API_KEY", {
        ...context,
        environmentId: "staging",
        productionLike: false,
        convexDeployment: "staging-456",
      }).command,
    ).toBe("npx convex env set RESEND_API_KEY --deployment staging-456");
    expect(fixCommand("github", "CONVEX_DEPLOY_KEY", context).command).toBe(
      "gh secret set CONVEX_DEPLOY_KEY --repo dashtray/dashtray",
    );
    expect(fixCommand("function", "GITHUB_TOKEN", context).command).toBe("npx wrangler pages secret put GITHUB_TOKEN");
  });

  it("keeps the config's order, says where GitHub found a name, and fixes only the missing ones", () => {
    const found = namesOf(["B", "A"], "secret");
    found.set("C", "variable");
    expect(presence("github", ["C", "D", "A"], found, context)).toEqual([
      { name: "C", present: true, foundAs: "variable" },
      { name: "D", present: false, fix: fixCommand("github", "D", context) },
      { name: "A", present: true, foundAs: "secret" },
    ]);
  });
});

describe("DNS: answers compared with the expected record", () => {
  const cname = { type: "CNAME" as const, value: "Dashtray.Pages.dev." };
  const answer = (data: string[], type = 5) => ({
    Status: 0,
    Answer: data.map((d) => ({ name: "dashtray.example.com.", type, TTL: 300, data: d })),
  });

  it("case and the trailing dot do not matter; TXT loses its quotes", () => {
    expect(normalizeRecord("CNAME", "Dashtray.Pages.dev.")).toBe("dashtray.pages.dev");
    expect(normalizeRecord("TXT", '"v=spf1 -all"')).toBe("v=spf1 -all");
    expect(compareRecord("dashtray.example.com", cname, answer(["dashtray.pages.dev."])).outcome).toBe("match");
  });

  it("wrong target, NXDOMAIN, no record of that type, and a failing resolver each say what to do", () => {
    const wrong = compareRecord("dashtray.example.com", cname, answer(["old-dashtray.netlify.app."]));
    expect(wrong).toMatchObject({ outcome: "wrong", actual: ["old-dashtray.netlify.app"] });
    expect(wrong.detail).toContain("points at old-dashtray.netlify.app, not dashtray.pages.dev");
    expect(compareRecord("dashtray.example.com", cname, { Status: 3 })).toMatchObject({
      outcome: "nxdomain",
      actual: [],
    });
    const flattened = compareRecord("dashtray.example.com", cname, answer(["104.16.0.1"], 1));
    expect(flattened.outcome).toBe("no-record");
    expect(flattened.detail).toContain("it answers A 104.16.0.1");
    expect(flattened.detail).toContain("proxied record");
    expect(compareRecord("dashtray.example.com", cname, { Status: 2 }).detail).toContain("SERVFAIL");
  });

  it("a Pages custom domain in words: pending names the TXT record, error quotes Cloudflare", () => {
    expect(describeCustomDomain({ name: "a.example.com", status: "active" }).detail).toMatch(/^Active/);
    const pending = describeCustomDomain({
      name: "a.example.com",
      status: "pending",
      validation_data: {
        status: "pending",
        method: "txt",
        txt_name: "_cf-custom-hostname.a.example.com",
        txt_value: "abc",
      },
    });
    expect(pending.detail).toContain("Add TXT _cf-custom-hostname.a.example.com = abc");
    expect(pending.validation).toEqual({
      status: "pending",
      method: "txt",
      txtName: "_cf-custom-hostname.a.example.com",
      txtValue: "abc",
    });
    const error = describeCustomDomain({
      name: "a.example.com",
      status: "error",
      verification_data: { status: "error", error_message: "CNAME record not set" },
    });
    expect(error.detail).toBe("Error: CNAME record not set");
  });
});

describe("Node.js version files", () => {
  it.each([
    ["24\n", "24", 24],
    ["v22.11.0\n", "v22.11.0", 22],
    ["# pinned\nlts/iron\n", "lts/iron", 20],
    ["lts/*", "lts/*", null],
    ["node", "node", null],
  ])("%j names %s (major %s)", (text, declared, major) => {
    expect(parseNodeVersion(text)).toEqual({ declared, major });
  });

  it("end of life, from the release schedule", () => {
    expect(endOfLife(20, "2026-11-26")).toEqual({ date: "2026-04-30", past: true });
    expect(endOfLife(24, "2026-11-26")).toEqual({ date: "2028-04-30", past: false });
    expect(endOfLife(null, "2026-11-26")).toBeUndefined();
    expect(endOfLife(99, "2026-11-26")).toBeUndefined();
  });
});

describe("webhook probe: what an answer means, and the verdict", () => {
  const a = (kind: WebhookAttempt["kind"], outcome: WebhookAttempt["outcome"], detail = ""): WebhookAttempt => ({
    kind,
    label: kind,
    expected: kind === "signed" ? "accepted" : "rejected",
    outcome,
    detail,
  });

  it("a 404 or 405 is no endpoint, not a refusal; 4xx refuses, 2xx accepts, 5xx fails", () => {
    expect(classifyStatus(404).outcome).toBe("failed");
    expect(classifyStatus(405).outcome).toBe("failed");
    expect(classifyStatus(401).outcome).toBe("rejected");
    expect(classifyStatus(400).outcome).toBe("rejected");
    expect(classifyStatus(204).outcome).toBe("accepted");
    expect(classifyStatus(503).outcome).toBe("failed");
    expect(classifyStatus(302).outcome).toBe("failed");
  });

  it.each([
    [
      "refused, refused, accepted",
      [a("unsigned", "rejected"), a("wrong-signature", "rejected"), a("signed", "accepted")],
      "validation-on",
    ],
    [
      "refused, refused, no secret",
      [a("unsigned", "rejected"), a("wrong-signature", "rejected"), a("signed", "skipped", "not set")],
      "validation-on",
    ],
    [
      "accepted, accepted",
      [a("unsigned", "accepted"), a("wrong-signature", "accepted"), a("signed", "skipped")],
      "validation-off",
    ],
    [
      "refused, wrong key accepted",
      [a("unsigned", "rejected"), a("wrong-signature", "accepted"), a("signed", "skipped")],
      "validation-off",
    ],
    [
      "503, 503",
      [a("unsigned", "failed", "HTTP 503"), a("wrong-signature", "failed"), a("signed", "skipped")],
      "endpoint-down",
    ],
    [
      "refused, refused, signed refused",
      [a("unsigned", "rejected"), a("wrong-signature", "rejected"), a("signed", "rejected")],
      "secret-mismatch",
    ],
    [
      "refused, refused, signed 500",
      [a("unsigned", "rejected"), a("wrong-signature", "rejected"), a("signed", "failed", "HTTP 500")],
      "handler-error",
    ],
  ] as const)("%s → %s", (_name, attempts, verdict) => {
    expect(webhookVerdict(attempts, "DODO_TEST_WEBHOOK_SECRET").verdict).toBe(verdict);
  });

  it("the titles a reader sees", () => {
    const off = webhookVerdict([a("unsigned", "accepted"), a("wrong-signature", "accepted")], "S");
    expect(off.title).toBe("Endpoint accepts unsigned requests: signature validation is OFF");
    expect(
      webhookVerdict([a("unsigned", "failed", "HTTP 503: the endpoint failed"), a("wrong-signature", "failed")], "S")
        .detail,
    ).toContain("HTTP 503: the endpoint failed");
    expect(
      webhookVerdict([a("unsigned", "rejected"), a("wrong-signature", "rejected"), a("signed", "rejected")], "S")
        .detail,
    ).toContain("not with the secret in S");
  });
});

describe("widget wording (no DOM)", () => {
  const answered = { environment: "demo", checkedAt: "2026-11-26T12:00:00Z", durationMs: 5 };

  it("configuration check: all set, missing by name and place, or what was not read", () => {
    const group = (
      group: "pages" | "convex",
      result: ConfigCheckReport["groups"][number]["result"],
      required = ["A", "B"],
    ) => ({
      group,
      label: group,
      required,
      result,
      commands: [],
      links: [],
    });
    const missing: ConfigCheckReport = {
      ...answered,
      status: "missing",
      missing: 1,
      groups: [
        group("pages", {
          ok: true,
          data: [
            { name: "A", present: true },
            { name: "B", present: false },
          ],
        }),
        group("convex", { ok: false, error: { code: "missing_token", message: "no key" } }),
      ],
    };
    expect(configVerdict(missing)).toEqual({ state: "fail", code: "missing", text: "1 missing: B (Pages)" });
    expect(groupState(missing.groups[1] as ConfigCheckReport["groups"][number])).toEqual({
      state: "unread",
      text: "no key",
    });
    const incomplete = {
      ...missing,
      status: "incomplete" as const,
      missing: 0,
      groups: [missing.groups[1] as ConfigCheckReport["groups"][number]],
    };
    expect(configVerdict(incomplete).text).toBe("None missing where read; not read: Convex (check by hand below)");
    const none = group("pages", { ok: true, data: [] }, []);
    expect(groupState(none).state).toBe("none");
  });

  it("webhook probe: only validation on passes; an endpoint that is down could not be judged", () => {
    const report = (verdict: WebhookProbeReport["verdict"]) =>
      ({
        ...answered,
        verdict,
        title: verdict,
        url: "",
        detail: "",
        attempts: [],
        secretVariable: "S",
        dashboardUrl: "",
      }) as WebhookProbeReport;
    expect(probeVerdict(report("validation-on")).state).toBe("pass");
    expect(probeVerdict(report("validation-off")).state).toBe("fail");
    expect(probeVerdict(report("secret-mismatch")).state).toBe("fail");
    expect(probeVerdict(report("endpoint-down")).state).toBe("error");
    expect(attemptMark({ kind: "unsigned", label: "", expected: "rejected", outcome: "accepted", detail: "" })).toEqual(
      {
        mark: "✗",
        should: "should be refused (4xx)",
      },
    );
  });

  it("domain status: one row per record, HTTPS, the Pages domain; unread parts are unknown, not failed", () => {
    const report: DnsReport = {
      ...answered,
      domain: "d.example.com",
      status: "incomplete",
      summary: "s",
      records: { ok: false, error: { code: "timeout", message: "resolver timed out" } },
      https: { url: "https://d.example.com/", outcome: "tls-error", detail: "self-signed certificate" },
      customDomain: { ok: true, data: { name: "d.example.com", status: "pending", detail: "Pending" } },
      links: [],
    };
    expect(domainVerdict(report).state).toBe("warn");
    expect(domainRows(report).map((r) => [r.key, r.ok, r.value])).toEqual([
      ["dns", null, "not read"],
      ["https", false, "tls error"],
      ["pages-domain", false, "pending"],
    ]);
  });

  it("build status: run, commit and Node version; an end-of-life line says upgrade", () => {
    const report: BuildReport = {
      ...answered,
      status: "failing",
      summary: "Deploy run #7 failed",
      run: {
        ok: true,
        data: {
          runNumber: 7,
          status: "completed",
          conclusion: "failure",
          htmlUrl: "https://github.com/o/r/actions/runs/1",
          headSha: "0559c70afe5688dad05ab9385da715d02493f9a1",
          createdAt: "2026-11-26T10:00:00Z",
          commitUrl: "https://github.com/o/r/commit/0559c70",
          logsCommand: "gh run view 1 --repo o/r --log-failed",
        },
      },
      node: {
        ok: true,
        data: {
          file: ".nvmrc",
          ref: "main",
          fileUrl: "u",
          declared: "20",
          major: 20,
          endOfLife: { date: "2026-04-30", past: true },
        },
      },
      links: [],
    };
    expect(buildVerdict(report)).toEqual({ state: "fail", code: "failing", text: "Deploy run #7 failed" });
    const rows = buildRows(report, Date.parse("2026-11-26T12:00:00Z"));
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ["run", "#7 failure"],
      ["commit", "0559c70"],
      ["node", "20"],
    ]);
    expect(rows[2]?.note).toBe(".nvmrc on main · end of life since 2026-04-30: upgrade");
  });
});
