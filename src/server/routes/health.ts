import { Hono } from "hono";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";

interface BuildInfo {
  version: string;
  commit: string;
  builtAt: string;
}

/** `GET /api/health`: the runbook API's own state (not Dashtray's). */
export const health = new Hono<AppEnv>().get(
  "/",
  described("The runbook API's own state (its build, the loaded config, whether the demo runs), not Dashtray's."),
  async (c) => {
    const runtime = c.get("runtime");
    return c.json({
      ok: true,
      runbook: await readBuildInfo(c.env.ASSETS, c.req.url),
      config: {
        loaded: true,
        environments: runtime.loaded.environments.map((e) => e.id),
        checks: Object.fromEntries(runtime.loaded.environments.map((e) => [e.id, e.checks.length])),
      },
      demo: runtime.demoOrigin !== undefined,
      time: new Date().toISOString(),
    });
  },
);

/** The build writes `build-info.json` into the site; the Function reads it through the assets binding. */
async function readBuildInfo(
  assets: AppEnv["Bindings"]["ASSETS"],
  url: string,
): Promise<BuildInfo | { version: "unknown" }> {
  if (!assets) return { version: "unknown" };
  try {
    const res = await assets.fetch(new URL("/build-info.json", url).toString());
    if (!res.ok) return { version: "unknown" };
    const info = (await res.json()) as Partial<BuildInfo>;
    return {
      version: String(info.version ?? "unknown"),
      commit: String(info.commit ?? "unknown"),
      builtAt: String(info.builtAt ?? "unknown"),
    };
  } catch {
    return { version: "unknown" };
  }
}
