/**
 * The API reference's route table is read from the app (`routeReference`), so every route must say what
 * it does with `described()`; the run routes carry their audit kind and rate limit the same way.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.ts";
import { routeReference } from "../../src/server/reference.ts";
import type { Runtime } from "../../src/server/runtime.ts";

const routes = routeReference(createApp({} as Runtime));
const find = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path);

describe("the API reference's route table", () => {
  it("has a summary for every route", () => {
    expect(routes.length).toBeGreaterThan(20);
    const undescribed = routes.filter((r) => !r.summary?.trim()).map((r) => `${r.method} ${r.path}`);
    expect(undescribed, 'add described("…") first in these routes\' chains').toEqual([]);
  });

  it("reads paths, audit kinds, rate limits and ?env= from the routes themselves", () => {
    expect(find("POST", "/api/checks/{id}/run")).toMatchObject({
      audited: "check",
      rateLimited: true,
      environment: true,
    });
    expect(find("GET", "/api/deployments")).toMatchObject({ environment: true });
    expect(find("GET", "/api/deployments")?.audited).toBeUndefined();
    expect(find("GET", "/api/health")).toMatchObject({ method: "GET" });
    expect(find("GET", "/api/health")?.environment).toBeUndefined();
    expect(routes.filter((r) => r.audited).map((r) => r.audited)).toEqual(
      expect.arrayContaining([
        "check",
        "verify-all",
        "webhook-probe",
        "config-check",
        "version",
        "rollback",
        "dns",
        "build",
        "monitor",
      ]),
    );
  });
});
