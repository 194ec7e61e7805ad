import { type Context, Hono } from "hono";
import { historyWriter } from "../../core/history/export.ts";
import { recordWriter } from "../../core/history/record-export.ts";
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
import { environmentParam } from "../middleware/environment.ts";
import { limitWrites } from "../middleware/limit-runs.ts";
import { deploymentMonitors } from "../monitor/store.ts";
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
  .get("/", environmentParam(deploymentsQuery), async (c) => {
    const query = c.req.valid("query");
    const environment = c.get("environment");
    const db = await historyDatabase(c.env?.RUNBOOK_DB);
    if (query.format) {
      const pages = keysetPages(
        async (before, size) => (await listDeployments(db, environment.id, { limit: size, before })).deployments,
        { limit: query.limit ?? EXPORT_MAX, before: query.before },
      );
      return download(
        c,
        `deployments-${environment.id}`,
        query.format,
        exportStream(historyWriter(environment.id, query.format), pages),
      );
    }
    const list = await listDeployments(db, environment.id, {
      limit: pageLimit(query.limit, 100),
      before: query.before,
    });
    return c.json({ environment: environment.id, ...list });
  })
  .post(
    "/",
    limitWrites(),
    environmentParam(),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(startInput, historyBody),
    async (c) => {
      const environment = c.get("environment");
      const db = await historyDatabase(c.env?.RUNBOOK_DB);
      const input = c.req.valid("json");
      const result = await startDeployment(
        db,
        { ...input, environment: environment.id },
        actorOf(c.get("identity")),
        new Date().toISOString(),
      );
      if ("conflict" in result)
        throw new ApiFailure(
          409,
          "deployment_in_progress",
          `deployment ${result.conflict.id} of ${environment.id} is in progress (started by ${result.conflict.startedBy}); finish it before starting another`,
        );
      return c.json({ deployment: result.deployment }, result.created ? 201 : 200);
    },
  )
  .get("/:id", validParam(deploymentPath), validQuery(recordQuery), async (c) => {
    const db = await historyDatabase(c.env?.RUNBOOK_DB);
    const { id } = c.req.valid("param");
    const { format } = c.req.valid("query");
    if (format) {
      const deployment = await findDeployment(db, id);
      if (!deployment) throw new ApiFailure(404, "unknown_deployment", `deployment ${id} does not exist`);
      const writer = recordWriter(id, deployment.environment, format);
      return download(
        c,
        `deployment-${id}-${deployment.environment}`,
        format,
        exportStream(writer, recordPages(db, id)),
      );
    }
    const detail = await deploymentDetail(db, id);
    if (!detail) throw new ApiFailure(404, "unknown_deployment", `deployment ${id} does not exist`);
    // The step-6 monitor's watches during this deployment, each with its series (migration 0003).
    return c.json({ ...detail, monitors: await deploymentMonitors(db, id) });
  })
  .post(
    "/:id/ticks",
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
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(noteInput, historyBody),
    async (c) => {
      const { db, id } = await existing(c, c.req.valid("param").id);
      const input = c.req.valid("json");
      const added = await addNote(db, id, input, actorOf(c.get("identity")), new Date().toISOString(), CAPS.notes);
      if (!added) throw capReached("notes", id);
      return c.json({ note: added.note }, added.created ? 201 : 200);
    },
  )
  .post(
    "/:id/checks",
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
    limitWrites(),
    validParam(deploymentPath),
    limitBody(MAX_HISTORY_BODY_BYTES),
    validJson(statusInput, historyBody),
    async (c) => {
      const { db, id, deployment } = await existing(c, c.req.valid("param").id);
      const { status } = c.req.valid("json");
      if (deployment.status === status) return c.json({ deployment });
      if (
        deployment.status !== "in_progress" ||
        !(await finishDeployment(db, id, status, actorOf(c.get("identity")), new Date().toISOString()))
      ) {
        const now = await findDeployment(db, id);
        if (now?.status === status) return c.json({ deployment: now });
        throw new ApiFailure(
          409,
          "deployment_finished",
          `deployment ${id} has already finished (${now?.status ?? deployment.status})`,
        );
      }
      return c.json({ deployment: await findDeployment(db, id) });
    },
  );
