import { describe, expect, it } from "vitest";
import { setState, useDemoServer } from "./demo-fixture.ts";

const demo = useDemoServer();
const CF = "/cloudflare/client/v4/accounts/demo-account/pages/projects/dashtray/deployments";
const GH = "/github/repos/dashtray/dashtray/actions/runs";
const headers = { authorization: "Bearer demo-token", "user-agent": "test" };

async function get(path: string) {
  const res = await fetch(`${demo.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe("API outage switches of the stand-ins", () => {
  it.each([
    [
      "cloudflareApi",
      "error",
      CF,
      500,
      { success: false, errors: [{ code: 10000, message: "Internal Server Error" }] },
    ],
    [
      "cloudflareApi",
      "rate-limited",
      CF,
      429,
      { success: false, errors: [{ code: 971, message: expect.stringContaining("throttling") }] },
    ],
    ["githubApi", "error", GH, 500, { message: "Server Error" }],
    ["githubApi", "rate-limited", GH, 403, { message: expect.stringContaining("API rate limit exceeded") }],
  ])("%s %s: %s answers %i", async (field, value, path, status, body) => {
    await setState(demo.url, { [field]: value });
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject(body);
    if (value === "rate-limited" && field === "cloudflareApi") expect(res.headers.get("retry-after")).toBe("30");
    if (value === "rate-limited" && field === "githubApi") {
      expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    }
  });

  it("each switch touches only its own stand-in, and reset puts both back", async () => {
    await setState(demo.url, { cloudflareApi: "error" });
    expect((await get(GH)).status).toBe(200);
    expect((await get("/api/health")).status).toBe(200);
    await fetch(`${demo.url}/__demo/reset`, { method: "POST" });
    expect((await get(CF)).status).toBe(200);
  });
});
