import { describe, expect, it } from "vitest";
import { loadConfig, type ResolvedEnvironment } from "../../src/core/config/index.ts";
import { deployClients } from "../../src/server/reports/deploy-clients.ts";
import { rollbackReport } from "../../src/server/reports/rollback.ts";
import {
  ACCOUNT,
  compareAnswer,
  DEPLOYMENTS,
  deploymentsAnswer,
  PROJECT,
  projectAnswer,
  SHA,
} from "./deploy-fixtures.ts";
import { json, useUpstream } from "./deploy-upstream.ts";

// The git section of the rollback answer when GitHub's compare does not know a commit (never pushed,
// or force-pushed away): a warning naming the commits, and the revert commands only with it.

const upstream = useUpstream();
const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
const PROJECT_PATH = `/client/v4/accounts/${ACCOUNT}/pages/projects/${PROJECT}`;
const COMPARE = `/gh/repos/dashtray/dashtray/compare/${SHA.live}...${SHA.newest}`;
const BINDINGS = { CLOUDFLARE_API_TOKEN: "cf-token", GITHUB_TOKEN: "gh-token" };

function environment(): ResolvedEnvironment {
  const env = loadConfig({
    environments: {
      production: {
        label: "Production",
        targets: { app: `${upstream.url}/app` },
        cloudflare: { accountId: ACCOUNT, pagesProject: PROJECT, apiBase: `${upstream.url}/client/v4` },
        github: { repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` },
      },
    },
  }).environments[0];
  if (!env) throw new Error("no environment");
  return env;
}

async function gitSection() {
  upstream.on(PROJECT_PATH, json(200, projectAnswer(DEPLOYMENTS[0])));
  upstream.on(`${PROJECT_PATH}/deployments`, json(200, deploymentsAnswer()));
  const report = await rollbackReport(deployClients(fetchImpl, environment(), BINDINGS));
  if (!report.git.ok) throw new Error(report.git.error.message);
  return report.git.data;
}

const doc = "https://docs.github.com/rest/commits/commits#compare-two-commits";

describe("the git section when GitHub's compare answers", () => {
  it("200: the range and its commands, no warning and no existence check", async () => {
    upstream.on(COMPARE, json(200, compareAnswer()));
    const git = await gitSection();
    expect(git.warning).toBeUndefined();
    expect(git.commitCount).toBe(2);
    expect(git.commands.map((c) => c.command).join("\n")).not.toContain("cat-file");
  });

  it.each([
    ["404", 404, { message: "Not Found", documentation_url: doc }],
    [
      "422",
      422,
      { message: "No commit found for SHA: 0559c70afe5688dad05ab9385da715d02493f9a1", documentation_url: doc },
    ],
  ])(
    "%s: a warning naming both commits, and the revert commands only after a check that both exist",
    async (_n, status, body) => {
      upstream.on(COMPARE, json(status, body));
      const git = await gitSection();
      expect(git.warning?.code).toBe("commit_unknown");
      expect(git.warning?.message).toContain(SHA.newest);
      expect(git.warning?.message).toContain(SHA.live);
      expect(git.warning?.message).toContain(`HTTP ${status}`);
      expect(git.commitCount).toBeNull();
      expect(git.mergeCommits).toBeNull();
      const [first, ...rest] = git.commands;
      expect(first?.command).toBe(
        `git fetch origin && git cat-file -e '${SHA.live}^{commit}' && git cat-file -e '${SHA.newest}^{commit}'`,
      );
      expect(rest.some((c) => c.command.startsWith("git revert"))).toBe(true);
    },
  );

  it("a rate limit is not an unknown commit: its own warning, no existence check", async () => {
    upstream.on(
      COMPARE,
      json(
        403,
        { message: "You have exceeded a secondary rate limit.", documentation_url: doc },
        { "retry-after": "30", "x-ratelimit-remaining": "4000" },
      ),
    );
    const git = await gitSection();
    expect(git.warning?.code).toBe("rate_limited");
    expect(git.warning?.message).toContain("could not be read");
    expect(git.commands.map((c) => c.command).join("\n")).not.toContain("cat-file");
  });
});
