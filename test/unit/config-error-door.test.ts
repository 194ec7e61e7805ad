import { describe, expect, it } from "vitest";
import { answerApiRequest } from "../../src/server/index.ts";

// A bad limit binding makes the Function answer every request with the configuration error.
const broken = { RUNBOOK_RUNS_PER_MINUTE: "lots" };

describe("the configuration-error answer goes through the same door as every answer", () => {
  it("behind Access, a request without a token learns nothing about the configuration", async () => {
    const res = await answerApiRequest(
      new Request("https://runbook.example/api/health"),
      { ...broken, ACCESS_TEAM_DOMAIN: "dashtray.cloudflareaccess.com", ACCESS_AUD: "a".repeat(64) },
      {},
    );
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe("access_required");
    expect(body).not.toContain("RUNBOOK_RUNS_PER_MINUTE");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("locally (Access off) it names the binding, with the API's security headers", async () => {
    const res = await answerApiRequest(
      new Request("http://127.0.0.1/api/health"),
      { ...broken, RUNBOOK_ACCESS: "off" },
      {},
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: "config_invalid",
        message: expect.stringContaining('RUNBOOK_RUNS_PER_MINUTE: expected a number from 1 to 100000, got "lots"'),
      },
    });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("locally, a foreign Host is refused before the configuration error is told", async () => {
    const res = await answerApiRequest(
      new Request("http://evil.example/api/health"),
      { ...broken, RUNBOOK_ACCESS: "off" },
      {},
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("host_refused");
  });
});
