import { describe, expect, it } from "vitest";
import { readRateLimit } from "../../src/server/clients/rate-limit.ts";

// The headers that say when to come back, as the providers and the IETF draft
// (draft-ietf-httpapi-ratelimit-headers: `RateLimit` items with r and t, `RateLimit-Policy` items
// with q, w and qu) write them.

const NOW = Date.parse("2026-12-06T09:00:00Z");

describe("readRateLimit", () => {
  it.each([
    ["retry-after in seconds", { "retry-after": "30" }, 30, false],
    ["retry-after as an HTTP date", { "retry-after": "Sun, 06 Dec 2026 09:01:30 GMT" }, 90, false],
    ["retry-after in the past", { "retry-after": "Sun, 06 Dec 2026 08:00:00 GMT" }, 0, false],
    ["retry-after unreadable, nothing else", { "retry-after": "soon" }, undefined, false],
    [
      "x-ratelimit-reset with x-ratelimit-remaining 0",
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120) },
      120,
      true,
    ],
    [
      "x-ratelimit-reset while requests are left (GitHub sends it on every answer)",
      { "x-ratelimit-remaining": "4990", "x-ratelimit-reset": String(NOW / 1000 + 120) },
      undefined,
      false,
    ],
    ["RateLimit with r=0", { ratelimit: '"default";r=0;t=42' }, 42, true],
    ["RateLimit with requests left", { ratelimit: '"default";r=50;t=30' }, undefined, false],
    [
      "RateLimit with two items, the longer used-up wait wins",
      { ratelimit: '"burst";r=0;t=5, "daily";r=0;t=3600, "hourly";r=9;t=60' },
      3600,
      true,
    ],
    ["RateLimit with a token name", { ratelimit: "default;r=0;t=7" }, 7, true],
    ["a quoted name holding a comma and a semicolon", { ratelimit: '"a,b;c";r=0;t=11' }, 11, true],
    ["retry-after wins over RateLimit", { "retry-after": "3", ratelimit: '"default";r=0;t=42' }, 3, true],
    ["malformed RateLimit", { ratelimit: ';;,,"unclosed;r=0' }, undefined, false],
    ["a used-up item without t", { ratelimit: '"default";r=0' }, undefined, true],
  ])("%s", (_name, headers, wait, exhausted) => {
    const reading = readRateLimit(headers as Record<string, string>, NOW);
    expect(reading.waitSeconds).toBe(wait);
    expect(reading.exhausted).toBe(exhausted);
  });

  it("names the used-up policy from RateLimit-Policy, with its quota unit when given", () => {
    expect(
      readRateLimit(
        { ratelimit: '"default";r=0;t=30', "ratelimit-policy": '"burst";q=100;w=60, "default";q=1200;w=300' },
        NOW,
      ).policy,
    ).toBe('"default" (1200 requests per 300 s)');
    expect(
      readRateLimit({ ratelimit: '"cost";r=0;t=30', "ratelimit-policy": '"cost";q=320;qu="content-bytes"' }, NOW)
        .policy,
    ).toBe('"cost" (320 content-bytes)');
    expect(readRateLimit({ ratelimit: '"default";r=0;t=30' }, NOW).policy).toBe('"default"');
    expect(readRateLimit({ "ratelimit-policy": '"default";q=1200;w=300' }, NOW).policy).toBeUndefined();
  });
});
