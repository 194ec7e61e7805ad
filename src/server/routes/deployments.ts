import { type Context, Hono } from "hono";
import { historyWriter } from "../../core/history/export.ts";
import { recordWriter } from "../../core/history/record-export.ts";
import { deploymentFinished, deploymentStarted } from "../../core/notify/record-events.ts";
import { ApiFailure } from "../errors.ts";
import { CAPS, capReached } from "../history/caps.ts";
import { historyDatabase } from "../history/database.ts";
import {
  addNote,
  attachCheck,
  deploymentDetail,
  findDeployment,
  finishDeployment,
  listDeployments,
  setTick,
  startDeployment,
} from "../history/deployments-store.ts";
import { download } from "../history/download.ts";
import { EXPORT_MAX, exportStream, keysetPages } from "../history/export-stream.ts";
import {
  checkInput,
  deploymentPath,
  deploymentsQuery,
  historyBody,
  MAX_HISTORY_BODY_BYTES,
  noteInput,
  pageLimit,
  recordQuery,
  startInput,
  statusInput,
  tickInput,
} from "../history/inputs.ts";
import { recordPages } from "../history/record-pages.ts";
import { actorOf } from "../lib/actor.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitWrites } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { deploymentMonitors } from "../monitor/index.ts";
import { deliverSoon } from "../notify/soon.ts";
import type { AppEnv } from "../types.ts";
import { limitBody, validJson, validParam, validQuery } from "../validation/index.ts";

/** The deployment `id` (of the validated path), or 404 naming it; `open` also refuses one that has finished. */
async function existing(c: Context<AppEnv>, id: number, open = false) {
  const db = await historyDatabase(c.env?.RUNBOOK_DB);
  const deployment = await findDeployment(db, id);
  if (!deployment) throw new ApiFailure(404, "unknown_deployment", `deployment ${id} does not exist`);
  if (open && deployment.status !== "in_progress")
    throw new ApiFailure(
      409,
      "deployment_finished",
      `deployment ${id} has finished (${deployment.status}); start a new one to record more`,
    );
  return { db, id, deployment };
}

/**
 * The shared deployment log: `GET/POST /api/deployments?env=`, `GET /api/deployments/{id}`, and
 * ticks, notes, check results and the final status under it. Who wrote is the verified identity.
 */
export const deployments = new Hono<AppEnv>()
  .get(
    "/",
    described(
      "The shared deployment log of an environment, newest first; format=md, csv or json streams the same rows as a download.",
    ),
    environmentParam(deploymentsQuery),
    async (c) => {
      const query = c.req.valid("query");
      const environment = c.get("environment");
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      if (query.format) {
        const pages = keysetPages(
          async (before, size) => (await listDeployments(db, environment.id, { limit: size, before })).deployments,
          { limit: query.limit ?? EXPORT_MAX, before: query.before },
        );
        const file = exportStream(historyWriter(environment.id, query.format), pages);
        return download(c, `deployments-${environment.id}`, query.format, file);
      }
      const list = await listDeployments(db, environment.id, {
        limit: pageLimit(query.limit, 100),
        before: query.before,
      });
      return c.json({ environment: environment.id, ...list });
    },
  )
  .post(
    "/",
    described(
      "Starts a deployment record (one in progress per environment; a retry with the same idempotency key gets the same record).",
    ),
    audited("deployment-start"),
    limitWrites(),
    environmentParam(),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(startInput, historyBody),
    async (c) => {
      const environment = c.get("environment");
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const input = c.req.valid("json");
      const actor = actorOf(c.get("identity"));
      const at = new Date().toISOString();
      const started = deploymentStarted({ environment, actor, at, siteUrl: new URL(c.req.url).origin }, input);
      const result = await startDeployment(db, { ...input, environment: environment.id }, actor, at, started);
      if ("conflict" in result)
        throw new ApiFailure(
          409,
          "deployment_in_progress",
          `deployment ${result.conflict.id} of ${environment.id} is in progress (started by ${result.conflict.startedBy}); finish it before starting another`,
        );
      if (result.created) deliverSoon(c, [started.id]);
      return c.json({ deployment: result.deployment }, result.created ? 201 : 200);
    },
  )
  .get(
    "/:id",
    described(
      "One deployment with its ticks, notes, check results and the monitor's watches; format=md, csv or json streams its whole record.",
    ),
    validParam(deploymentPath),
    validQuery(recordQuery),
    async (c) => {
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const { id } = c.req.valid("param");
      const { format } = c.req.valid("query");
      if (format) {
        const deployment = await findDeployment(db, id);
        if (!deployment) throw new ApiFailure(404, "unknown_deployment", `deployment ${id} does not exist`);
        const file = exportStream(recordWriter(id, deployment.environment, format), recordPages(db, id));
        return download(c, `deployment-${id}-${deployment.environment}`, format, file);
      }
      const detail = await deploymentDetail(db, id);
      if (!detail) throw new ApiFailure(404, "unknown_deployment", `deployment ${id} does not exist`);
      // The step-6 monitor's watches during this deployment, each with its series (migration 0003).
      return c.json({ ...detail, monitors: await deploymentMonitors(db, id) });
    },
  )
  .post(
    "/:id/ticks",
    described("Ticks or unticks a checklist item on a deployment in progress."),
    audited("deployment-tick"),
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(tickInput, historyBody),
    async (c) => {
      const { db, id } = await existing(c, c.req.valid("param").id, true);
      const input = c.req.valid("json");
      const tick = await setTick(db, id, input, actorOf(c.get("identity")), new Date().toISOString());
      if (!tick) throw capReached("ticks", id);
      return c.json({ tick });
    },
  )
  .post(
    "/:id/notes",
    described("Adds a note to a deployment (once per idempotency key)."),
    audited("deployment-note"),
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(noteInput, historyBody),
    async (c) => {
      const { db, id } = await existing(c, c.req.valid("param").id);
      const input = c.req.valid("json");
      const added = await addNote(
        db,
        id,
        input,
        actorOf(c.get("identity")),
        new Date().toISOString(),
        "reader",
        CAPS.notes,
      );
      if (!added) throw capReached("notes", id);
      return c.json({ note: added.note }, added.created ? 201 : 200);
    },
  )
  .post(
    "/:id/checks",
    described("Attaches a check result to a deployment in progress."),
    audited("deployment-check"),
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(checkInput, historyBody),
    async (c) => {
      const { db, id } = await existing(c, c.req.valid("param").id, true);
      const input = c.req.valid("json");
      const created = await attachCheck(db, id, input, actorOf(c.get("identity")), new Date().toISOString());
      if (created === undefined) throw capReached("checks", id);
      return c.json({ attached: true }, created ? 201 : 200);
    },
  )
  .post(
    "/:id/status",
    described("Finishes a deployment: succeeded, rolled_back or abandoned."),
    audited("deployment-finish"),
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(statusInput, historyBody),
    async (c) => {
      const { db, id, deployment } = await existing(c, c.req.valid("param").id);
      const { status, note } = c.req.valid("json");
      if (deployment.status === status) return c.json({ deployment });
      // The answer to "finish anyway?" goes in with the finish: one note per deployment and status, however often it is
      // sent. Not capped: a deployment can always be closed, whatever was written to it.
      if (note !== undefined && deployment.status === "in_progress")
        await addNote(
          db,
          id,
          { text: note, idempotencyKey: `finish-${id}-${status}` },
          actorOf(c.get("identity")),
          new Date().toISOString(),
        );
      const actor = actorOf(c.get("identity"));
      const at = new Date().toISOString();
      const environment = c.get("runtime").loaded.environments.find((e) => e.id === deployment.environment);
      const finished =
        environment &&
        deploymentFinished({ environment, actor, at, siteUrl: new URL(c.req.url).origin }, deployment, status);
      if (deployment.status !== "in_progress" || !(await finishDeployment(db, id, status, actor, at, finished))) {
        const now = await findDeployment(db, id);
        if (now?.status === status) return c.json({ deployment: now });
        throw new ApiFailure(
          409,
          "deployment_finished",
          `deployment ${id} has already finished (${now?.status ?? deployment.status})`,
        );
      }
      if (finished) deliverSoon(c, [finished.id]);
      return c.json({ deployment: await findDeployment(db, id) });
    },
  );
