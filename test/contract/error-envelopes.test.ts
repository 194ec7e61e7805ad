import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cloudflareSettings, githubSettings } from "../../src/core/config/environment.ts";
import { cloudflareClient } from "../../src/server/clients/cloudflare.ts";
import { cloudflareMessage } from "../../src/server/clients/cloudflare-errors.ts";
import { pagesWriteClient } from "../../src/server/clients/cloudflare-write.ts";
import { convexMessage } from "../../src/server/clients/convex.ts";
import { githubClient } from "../../src/server/clients/github.ts";
import { githubMessage } from "../../src/server/clients/github-errors.ts";
import { dispatchWorkflow } from "../../src/server/clients/github-write.ts";
import { json, useUpstream } from "../unit/deploy-upstream.ts";

// The providers' documented error envelopes (fixtures/README.md for provenance), with nulls and extra
// fields, read by the one error reading each provider has: only the fields the provider documents as
// its message are quoted, and the read and write clients say the same thing.

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8")) as Record<string, unknown>;
}

const basic = fixture("github/basic-error.json");
const validation = fixture("github/validation-error.json");
const simple = fixture("github/validation-error-simple.json");
const route = fixture("cloudflare/envelope-failure.json");
const detailed = fixture("cloudflare/envelope-failure-detailed.json");
const convex = fixture("convex/error.json");

describe("the documented message of each envelope, and nothing else", () => {
  it("GitHub basic-error: its message", () => {
    expect(githubMessage(basic)).toBe("Not Found");
    expect(githubMessage({ ...basic, documentation_url: null, status: null, extra: { nested: 1 } })).toBe("Not Found");
  });

  it("GitHub validation-error: its message, then each error's code on field of resource, or its own message", () => {
    expect(githubMessage(validation)).toBe(
      "Validation Failed; invalid on inputs of Workflow; No ref found for: main; missing_field",
    );
    expect(githubMessage({ ...validation, errors: null })).toBe("Validation Failed");
    expect(githubMessage(simple)).toBe('Validation Failed; Unexpected inputs provided: ["sha"]');
  });

  it("Cloudflare failure envelope: every code and message, never documentation_url or source", () => {
    expect(cloudflareMessage(route)).toBe("7003 No route for the URI");
    const said = cloudflareMessage(detailed) ?? "";
    expect(said).toBe("7003 No route for the URI; 7000 No route for that URI");
    expect(said).not.toContain("developers.cloudflare.com");
    expect(said).not.toContain("pointer");
    expect(cloudflareMessage({ ...route, messages: null, result: undefined, extra: true })).toBe(
      "7003 No route for the URI",
    );
  });

  it("Convex error body: its message", () => {
    expect(convexMessage(convex)).toBe(convex.message);
  });

  it("a body in another shape is not the provider's message: nothing to quote", () => {
    for (const body of [{ error: "nope" }, { errors: "x" }, [], "text", null, { message: 42 }]) {
      expect(githubMessage(body)).toBeUndefined();
      expect(cloudflareMessage(body)).toBeUndefined();
    }
    expect(cloudflareMessage({ success: true, errors: [], messages: [], result: {} })).toBeUndefined();
  });
});

describe("read and write clients read the published envelopes alike", () => {
  const upstream = useUpstream();
  const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);

  const github = (client: "read" | "write") => {
    const settings = githubSettings.parse({ repo: "dashtray/dashtray", apiBase: `${upstream.url}/gh` });
    return client === "read"
      ? githubClient({ fetch: fetchImpl, settings, bindings: { GITHUB_TOKEN: "t" }, environmentId: "production" })
          .latestDeployRun()
          .then((a) => ({ ...a, applied: undefined }))
      : dispatchWorkflow({
          fetch: fetchImpl,
          settings,
          workflow: "deploy.yml",
          input: "ref",
          tokenVariable: "GITHUB_ACTIONS_WRITE_TOKEN",
          bindings: { GITHUB_ACTIONS_WRITE_TOKEN: "w" },
          sha: "a".repeat(40),
        });
  };
  const cloudflare = (client: "read" | "write") => {
    const settings = cloudflareSettings.parse({ accountId: "acc", pagesProject: "p", apiBase: `${upstream.url}/cf` });
    return client === "read"
      ? cloudflareClient({ fetch: fetchImpl, settings, bindings: { CLOUDFLARE_API_TOKEN: "t" }, environmentId: "x" })
          .project()
          .then((a) => ({ ...a, applied: undefined }))
      : pagesWriteClient({
          fetch: fetchImpl,
          settings,
          writeTokenVariable: "CLOUDFLARE_PAGES_WRITE_TOKEN",
          bindings: { CLOUDFLARE_PAGES_WRITE_TOKEN: "w" },
          environmentId: "x",
        }).rollback("dep");
  };

  it.each([
    ["basic-error, HTTP 404", 404, basic, "not_found", "GitHub said: Not Found; see https://docs.github.com/rest"],
    ["validation-error, HTTP 422", 422, validation, "invalid_request", "No ref found for: main"],
    ["validation-error-simple, HTTP 422", 422, simple, "invalid_request", "Unexpected inputs provided"],
  ])("GitHub %s", async (_name, status, body, code, quoted) => {
    upstream.on("/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/runs", json(status, body));
    upstream.on("/gh/repos/dashtray/dashtray/actions/workflows/deploy.yml/dispatches", json(status, body));
    for (const client of ["read", "write"] as const) {
      const answer = await github(client);
      if (answer.ok) throw new Error("expected a failure");
      expect(answer.error.code, client).toBe(code);
      expect(answer.error.message, client).toContain(quoted);
      if (client === "write") expect(answer.applied).toBe("no");
    }
  });

  it.each([
    ["api-response-common-failure (7003), HTTP 400", route, "no_route"],
    ["the same with documentation_url and source, HTTP 400", detailed, "no_route"],
  ])("Cloudflare %s", async (_name, body, code) => {
    upstream.on("/cf/accounts/acc/pages/projects/p", json(400, body));
    upstream.on("/cf/accounts/acc/pages/projects/p/deployments/dep/rollback", json(400, body));
    for (const client of ["read", "write"] as const) {
      const answer = await cloudflare(client);
      if (answer.ok) throw new Error("expected a failure");
      expect(answer.error.code, client).toBe(code);
      expect(answer.error.message, client).toContain("Cloudflare said: 7003 No route for the URI");
      expect(answer.error.message, client).not.toContain("no such deployment");
      if (client === "write") expect(answer.applied).toBe("no");
    }
  });
});
