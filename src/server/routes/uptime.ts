import { Hono } from "hono";
import { historyDatabase } from "../history/database.ts";
import { environmentParam } from "../middleware/environment.ts";
import { described } from "../middleware/reference.ts";
import { scheduleStore } from "../schedule/store.ts";
import { uptimeOf } from "../schedule/uptime.ts";
import type { AppEnv } from "../types.ts";

/**
 * `GET /api/uptime?env=`: checks between deploys, per scheduled check, from the runs the watch Worker
 * stored. A read: nothing is probed.
 */
export const uptime = new Hono<AppEnv>().get(
  "/",
  described(
    "Checks between deploys per scheduled check: uptime 24 h and 7 d, p95 24 h, last run, last failure, open incident, recent runs.",
  ),
  environmentParam(),
  async (c) => {
    const store = scheduleStore(await historyDatabase(c.env?.RUNBOOK_DB));
    return c.json(await uptimeOf(store, c.get("environment"), Date.now()));
  },
);
