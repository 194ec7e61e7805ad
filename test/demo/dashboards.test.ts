import { describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { loadConfig } from "../../src/core/config/load.ts";
import { commitUrl, compareUrl, linksFromConfig, pagesDeploymentUrl } from "../../src/core/deploy/links.ts";
import { setState, useDemoServer } from "./demo-fixture.ts";

const demo = useDemoServer();
const HEAD = "0559c70afe5688dad05ab9385da715d02493f9a1";
const BEFORE = "29cb07959f28a797ccea7f1f91301aebdb910fe7";
const LIVE = "3b3ecbb2-408c-431a-a6eb-eea7410dcb9f";

async function page(url: string): Promise<{ status: number; h1: string; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  expect(res.headers.get("content-type")).toContain("text/html");
  return { status: res.status, h1: /<h1>(.*?)<\/h1>/.exec(text)?.[1] ?? "", text };
}

function demoEnvironment() {
  const env = loadConfig(rawConfig, { demoOrigin: demo.url }).environments.find((e) => e.id === "demo");
  if (!env?.cloudflare || !env.github || !env.convex || !env.webhooks) throw new Error("demo environment incomplete");
  return { ...env, cloudflare: env.cloudflare, github: env.github, convex: env.convex, webhooks: env.webhooks };
}

describe("the demo's stand-in dashboard pages", () => {
  it("the demo environment's links are built on the demo origin, real sites stay for the others", () => {
    const env = demoEnvironment();
    for (const href of [...Object.values(linksFromConfig(env)), env.webhooks.dashboardUrl])
      expect(href.startsWith(`${demo.url}/dashboards/`), href).toBe(true);
    const production = loadConfig(rawConfig).environments.find((e) => e.id === "production");
    expect(production && linksFromConfig(production)).toMatchObject({
      pagesProject: "https://dash.cloudflare.com/REPLACE_WITH_ACCOUNT_ID/pages/view/dashtray",
      convexDashboard: "https://dashboard.convex.dev/d/production-dashtray-789",
      repository: "https://github.com/dashtray/dashtray",
    });
    expect(production?.webhooks?.dashboardUrl).toBe("https://app.dodopayments.com/");
  });

  it("every link the config gives answers 200 with the page it names", async () => {
    const env = demoEnvironment();
    const links = linksFromConfig(env);
    expect((await page(links.pagesProject ?? "")).h1).toContain("dashtray");
    expect((await page(links.convexDashboard ?? "")).h1).toBe("Deployment demo-dashtray-123");
    expect((await page(links.repository ?? "")).h1).toBe("dashtray/dashtray");
    expect((await page(links.deployRuns ?? "")).h1).toBe("Deploy workflow runs");
    expect((await page(`${links.convexDashboard}/settings/environment-variables`)).status).toBe(200);
    expect((await page(`${links.repository}/settings/secrets/actions`)).status).toBe(200);
    expect((await page(`${links.repository}/blob/main/.nvmrc`)).text).toContain("24");
    expect((await page(`${links.repository}/blob/main/.github/workflows/deploy.yml`)).status).toBe(200);
    expect((await page(env.webhooks.dashboardUrl)).h1).toContain("Webhooks");
  });

  it("a deployment, commit, comparison and run show what the real page would", async () => {
    const env = demoEnvironment();
    const live = await page(pagesDeploymentUrl(env.cloudflare, LIVE));
    expect(live.status).toBe(200);
    expect(live.text).toContain("Yes: this is what production serves");
    expect(live.text).toContain(HEAD);
    const commit = await page(commitUrl(env.github, HEAD));
    expect(commit.h1).toBe("Fix plan price rounding on invoices");
    const compared = await page(compareUrl(env.github, BEFORE, HEAD));
    expect(compared.text).toContain("2 commits in 0559c70 that 29cb079 lacks; 0 the other way.");
    const runs = await page(`${env.github.webBase}/dashtray/dashtray/actions/runs/19875000109`);
    expect(runs.h1).toBe("Deploy #39: Fix plan price rounding on invoices");
  });

  it("follows the switches: after a rollback the project page names the older deployment as serving", async () => {
    await setState(demo.url, { pagesScenario: "rolled-back" });
    const env = demoEnvironment();
    const project = await page(linksFromConfig(env).pagesProject ?? "");
    expect(project.text).toMatch(/Serving<\/dt><dd><a [^>]+>54035b60<\/a> \(commit 29cb079\)/);
    expect((await page(pagesDeploymentUrl(env.cloudflare, LIVE))).text).not.toContain("this is what production serves");
  });

  it("unknown accounts, deployments, commits and paths are 404 pages that say what the demo knows", async () => {
    const env = demoEnvironment();
    for (const url of [
      pagesDeploymentUrl(env.cloudflare, "no-such-deployment"),
      `${demo.url}/dashboards/cloudflare/other-account/pages/view/dashtray`,
      commitUrl(env.github, "ffffffffffffffffffffffffffffffffffffffff"),
      `${demo.url}/dashboards/github/someone/else`,
      `${demo.url}/dashboards/convex/d/other-deployment`,
      `${demo.url}/dashboards/nothing`,
    ]) {
      const answer = await page(url);
      expect(answer.status, url).toBe(404);
      expect(answer.text, url).toContain("It knows the account <code>demo-account</code>");
    }
  });
});
