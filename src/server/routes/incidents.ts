import { Hono } from "hono";
import { historyDatabase } from "../history/database.ts";
import { environmentParam } from "../middleware/environment.ts";
import { described } from "../middleware/reference.ts";
import { scheduleStore } from "../schedule/store.ts";
import type { AppEnv } from "../types.ts";

/** The most incidents one answer lists (resolved ones are kept 90 days). */
const MAX_INCIDENTS = 200;

/** `GET /api/incidents?env=`: incidents of the checks between deploys, newest first. */
export const incidents = new Hono<AppEnv>().get(
  "/",
  described("Incidents the checks between deploys opened, newest first (resolvedAt null while open)."),
  environmentParam(),
  async (c) => {
    const environment = c.get("environment");
    const store = scheduleStore(await historyDatabase(c.env?.RUNBOOK_DB));
    return c.json({ environment: environment.id, incidents: await store.incidents(environment.id, MAX_INCIDENTS) });
  },
);
