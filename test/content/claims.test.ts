// One truth per fact: what the runbook's pages say about durations, thresholds, warn and fail, what
// the site changes and the commands they print must agree with `runbook.config.json` and with what
// the widgets and the Function actually do (the same core code). Reads the MDX sources, so a page
// that contradicts the config fails here with the page, the phrase and the configured value.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import rawConfig from "../../runbook.config.json" with { type: "json" };
import { evaluateResponse, worstOf } from "../../src/core/checks/assertions.ts";
import { loadConfig } from "../../src/core/config/load.ts";
import { convexRedeployCommands } from "../../src/core/deploy/commands.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const docsDir = join(repoRoot, "content", "docs");
const loaded = loadConfig(rawConfig, { demoOrigin: "http://127.0.0.1:8790" });
const { config } = loaded;

interface Page {
  path: string;
  /** The page's prose: frontmatter kept (descriptions are claims too), code blocks and imports left out. */
  text: string;
}

const pages: Page[] = readdirSync(docsDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".mdx") || file.endsWith(".md"))
  .sort()
  .map((file) => ({
    path: relative(repoRoot, join(docsDir, file)),
    text: prose(readFileSync(join(docsDir, file), "utf8")),
  }));

/** Fenced code and import lines are not claims; entities and line breaks are read as a reader reads them. */
function prose(source: string): string {
  return source
    .replace(/^([ \t]*)```[^\n]*\n[\s\S]*?^\1```[ \t]*$/gm, "")
    .replace(/^import .*$/gm, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replace(/\s+/g, " ");
}

/** Every match of `pattern` on every page, with the page it is on. */
function claims(pattern: RegExp): { path: string; match: RegExpExecArray }[] {
  return pages.flatMap((page) => [...page.text.matchAll(pattern)].map((match) => ({ path: page.path, match })));
}

/** "2s", "2 s", "2,000 ms" in milliseconds. */
function toMs(value: string, unit: string): number {
  const n = Number(value.replaceAll(",", ""));
  return unit === "s" || unit === "seconds" ? n * 1000 : n;
}

describe("pages agree with runbook.config.json", () => {
  it("say the monitor watches for as long as the config's monitor.windowMinutes", () => {
    const { windowMinutes } = config.monitor;
    const found = claims(/\b(?:first|for|over) (?:the first )?(\d+) minutes\b|\bfirst hour\b/gi);
    expect(found.length, "the pages quote the watch's length somewhere").toBeGreaterThan(3);
    const wrong = found
      .filter(({ match }) => (match[1] === undefined ? 60 : Number(match[1])) !== windowMinutes)
      .map(({ path, match }) => `${path}: "${match[0]}" (monitor.windowMinutes is ${windowMinutes})`);
    // Lengths that are not the watch: the deploy window and the rollback threshold use "within".
    expect(wrong).toEqual([]);
  });

  it("say the monitor samples as often as the config's monitor.intervalSeconds", () => {
    const found = claims(/\bsamples the smoke checks every (\d+) seconds\b/gi);
    expect(found.length).toBeGreaterThan(0);
    for (const { path, match } of found)
      expect(Number(match[1]), `${path}: "${match[0]}"`).toBe(config.monitor.intervalSeconds);
  });

  it("quote the Success Criteria's p95 and error rate as configured", () => {
    const { p95Ms, maxErrorRate } = config.successCriteria;
    const p95 = claims(
      /\b(?:p95(?: response time)?|response time)\s*(?:under|<|below)\s*(\d[\d,.]*)\s*(ms|s|seconds)\b(?: \(p95\))?/gi,
    );
    const errorRate = claims(/\berror rate\s*(?:under|<|below)\s*(\d+(?:\.\d+)?)\s*%/gi);
    expect(p95.length, "the p95 limit is quoted").toBeGreaterThan(1);
    expect(errorRate.length, "the error-rate limit is quoted").toBeGreaterThan(1);
    for (const { path, match } of p95)
      expect(toMs(match[1] ?? "", match[2] ?? ""), `${path}: "${match[0]}" (successCriteria.p95Ms)`).toBe(p95Ms);
    for (const { path, match } of errorRate)
      expect(Number(match[1]) / 100, `${path}: "${match[0]}" (successCriteria.maxErrorRate)`).toBe(maxErrorRate);
  });

  it("call an answer slower than the latency budget what the check shows for it", () => {
    const demo = loaded.environments.find((e) => e.id === "demo");
    const check = demo?.checks.find((c) => c.latencyBudgetMs !== undefined);
    if (!check?.latencyBudgetMs) throw new Error("no check with a latencyBudgetMs in runbook.config.json");
    // What the Check widget shows for an answer 1 ms over the budget, from the same core the Function runs.
    const verdict = worstOf(
      evaluateResponse(check, {
        kind: "response",
        status: 200,
        headers: { "content-type": "text/html" },
        contentType: "text/html",
        body: "<title>Dashtray</title>",
        bytes: 22,
        latencyMs: check.latencyBudgetMs + 1,
        redirects: 0,
        finalUrl: "http://127.0.0.1/",
      }).filter((a) => a.label.toLowerCase().includes("time")),
    );
    const other = verdict === "fail" ? "warn" : "fail";
    // A sentence or table row that gives the other word to a slow answer contradicts the widget.
    const rows = pages.flatMap((page) =>
      page.text
        .split(/(?<=[.|])\s/)
        .filter((s) => /slower than|latency budget/i.test(s) && new RegExp(`\\*\\*${other}\\*\\*`, "i").test(s))
        .map((s) => `${page.path}: "${s.trim()}"`),
    );
    expect(rows).toEqual([]);
    const quoted = claims(/\blatencyBudgetMs`?:? (\d[\d,]*) ms/g);
    expect(quoted.length, "a page quotes the smoke checks' latency budget").toBeGreaterThan(0);
    for (const { path, match } of quoted)
      expect(toMs(match[1] ?? "", "ms"), `${path}: "${match[0]}"`).toBe(check.latencyBudgetMs);
  });

  it("say what the site changes as the environments' rollback opt-in does", () => {
    const enabled = loaded.environments.filter((e) => e.rollbackAction?.enabled).map((e) => e.label);
    const actionOnAPage = pages.some((p) => p.text.includes("<RollbackAction"));
    if (enabled.length > 0 || actionOnAPage) {
      const never = claims(/\bnothing (?:on|in) this site changes\b|\bthis site never changes\b/gi);
      expect(
        never.map(({ path, match }) => `${path}: "${match[0]}"`),
        "the rollback action changes what an environment serves",
      ).toEqual([]);
    }
    const namedOnly = claims(/\bsets it for ([A-Z][A-Za-z]*(?:(?:, | and )[A-Z][A-Za-z]*)*) only\b/g);
    expect(namedOnly.length, "the home page and Start here name where the action is on").toBeGreaterThan(1);
    for (const { path, match } of namedOnly)
      expect((match[1] ?? "").split(/, | and /).sort(), `${path}: "${match[0]}"`).toEqual([...enabled].sort());
  });

  it("print the Convex rollback the way its page tells the reader to do it", () => {
    const page = pages.find((p) => p.path.endsWith(join("rollback", "convex.mdx")));
    const source = readFileSync(join(docsDir, "rollback", "convex.mdx"), "utf8");
    expect(page?.text).toMatch(/clean worktree/);
    const folder = /git worktree add (\S+) <good-sha>/.exec(source)?.[1];
    expect(folder, "the page's own steps add a worktree").toBeDefined();
    const [redeploy] = convexRedeployCommands("0123456789abcdef0123456789abcdef01234567", undefined);
    expect(redeploy?.command).toContain(`git worktree add ${folder} `);
    expect(redeploy?.command).not.toMatch(/git checkout/);
  });
});
