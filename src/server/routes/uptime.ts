import { Hono } from "hono";
import { z } from "zod";
import { historyDatabase } from "../history/database.ts";
import { readerTime } from "../lib/reader-time.ts";
import { environmentParam } from "../middleware/environment.ts";
import { described } from "../middleware/reference.ts";
import { scheduleStore } from "../schedule/store.ts";
import { uptimeOf } from "../schedule/uptime.ts";
import { uptimeView } from "../schedule/uptime-view.ts";
import type { AppEnv } from "../types.ts";
import { locale, timeZone } from "../validation/index.ts";

const readerQuery = z.object({ locale: locale.optional(), timeZone: timeZone.optional() });

/**
 * `GET /api/uptime?env=`: checks between deploys, per scheduled check, from the runs the watch Worker
 * stored; `GET /api/uptime/view?env=&locale=&timeZone=`: the same drawn as the Status widget shows it.
 * Reads: nothing is probed.
 */
export const uptime = new Hono<AppEnv>()
  .get(
    "/",
    described(
      "Checks between deploys per scheduled check: uptime 24 h and 7 d, p95 24 h, last run, last failure, open incident, recent runs.",
    ),
    environmentParam(),
    async (c) => {
      const store = scheduleStore(await historyDatabase(c.env?.RUNBOOK_DB));
      return c.json(await uptimeOf(store, c.get("environment"), Date.now()));
    },
  )
  .get(
    "/view",
    described(
      "Checks between deploys drawn as the Status widget shows them (figures, history strip, incidents), in the reader's time.",
    ),
    environmentParam(readerQuery),
    async (c) => {
      const store = scheduleStore(await historyDatabase(c.env?.RUNBOOK_DB));
      const answer = await uptimeOf(store, c.get("environment"), Date.now());
      return c.json(uptimeView(answer, readerTime(c.req.valid("query"))));
    },
  );
