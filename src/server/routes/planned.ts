/**
 * @module
 * `GET /api/deployments/planned?env=`: the environment's planned deployments still to come.
 * `POST /api/deployments/planned?env=` `{ plannedFor, what, outsideWindow?, idempotencyKey? }`: plans one,
 * checked against the deployment window (a time the window says to avoid is refused with the reason
 * unless `outsideWindow` is true); the channels hear about it `deployWindow.announceHours` before and
 * again when it starts.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ApiFailure } from "../errors.ts";
import { historyDatabase } from "../history/database.ts";
import { actorOf } from "../lib/actor.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { described } from "../middleware/reference.ts";
import { checkPlan, listPlanned, planDeployment } from "../notify/planned.ts";
import { deliverSoon } from "../notify/soon.ts";
import type { AppEnv } from "../types.ts";
import { clientKey, limitBody, text, validJson } from "../validation/index.ts";

/** How far ahead a deployment may be planned. */
const MAX_AHEAD_DAYS = 90;

export const planInput = z
  .object({
    plannedFor: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-12-08T15:00:00Z" }),
    what: text(200).pipe(z.string().trim().min(1, "say what will be deployed")),
    outsideWindow: z.boolean().default(false),
    idempotencyKey: clientKey.optional(),
  })
  .strict();

export const planned = new Hono<AppEnv>()
  .get("/", described("The environment's planned deployments still to come."), environmentParam(), async (c) => {
    const db = await historyDatabase(c.env?.RUNBOOK_DB);
    const environment = c.get("environment");
    return c.json({ environment: environment.id, planned: await listPlanned(db, environment.id, new Date()) });
  })
  .post(
    "/",
    described(
      "Plans a deployment, checked against the deployment window; announced announceHours before and when it starts.",
    ),
    audited("planned-deployment"),
    environmentParam(),
    limitBody(),
    validJson(planInput),
    async (c) => {
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const input = c.req.valid("json");
      const environment = c.get("environment");
      const now = new Date();
      const at = new Date(input.plannedFor);
      if (at.getTime() <= now.getTime())
        throw new ApiFailure(422, "planned_in_the_past", `plannedFor: ${input.plannedFor} has already passed`);
      if (at.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000)
        throw new ApiFailure(422, "planned_too_far", `plannedFor: plan at most ${MAX_AHEAD_DAYS} days ahead`);
      const rules = c.get("runtime").loaded.config.deployWindow;
      const { evaluation, words } = checkPlan(at.toISOString(), rules);
      if (evaluation.verdict === "avoid" && !input.outsideWindow)
        throw new ApiFailure(
          422,
          "outside_deployment_window",
          `plannedFor: the deployment window says to avoid ${words.replace(/^avoid: /, "")}; pick another time or send "outsideWindow": true`,
        );
      const { created, plan, eventIds } = await planDeployment(
        db,
        {
          environment,
          plannedFor: at.toISOString(),
          what: input.what,
          window: words,
          ...(input.idempotencyKey && { idempotencyKey: input.idempotencyKey }),
        },
        actorOf(c.get("identity")),
        now,
        rules.announceHours,
        new URL(c.req.url).origin,
      );
      deliverSoon(c, eventIds);
      return c.json({ environment: environment.id, plan }, created ? 201 : 200);
    },
  );
