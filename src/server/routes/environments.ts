import { Hono } from "hono";
import type { EnvironmentSummary } from "../../core/result.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";

/** `GET /api/environments`: what the environment picker may offer on this deployment. */
export const environments = new Hono<AppEnv>().get(
  "/",
  described("The environments the picker may offer on this deployment, in deploy order, and the default."),
  (c) => {
    const list: EnvironmentSummary[] = c.get("runtime").loaded.environments.map((e) => ({
      id: e.id,
      label: e.label,
      ...(e.description !== undefined && { description: e.description }),
      demo: e.demo,
    }));
    return c.json({ environments: list, default: list[0]?.id ?? null });
  },
);
