/**
 * @module
 * What the Pages rollback acts on: the live deployment and the chosen target, read from Cloudflare
 * and checked on the server (never taken from the page).
 */
import type { Context } from "hono";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import { targetProblem } from "../../core/deploy/rollback-action.ts";
import { pagesWriteClient } from "../clients/cloudflare-write.ts";
import { ApiFailure } from "../errors.ts";
import { latestAction } from "../history/actions-store.ts";
import type { D1Database } from "../history/d1.ts";
import { deployClients } from "../reports/deploy-clients.ts";
import { type PagesReading, readPages } from "../reports/pages-state.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { commonGuards, pagesGuard } from "./guards.ts";
import { ref } from "./refs.ts";
import type { Prepared } from "./types.ts";

/** The Pages project and its production deployments, or a 502 `pages_unreadable` refusal. */
export async function readLive(runtime: Runtime, env: ResolvedEnvironment, bindings: object): Promise<PagesReading> {
  const clients = deployClients(runtime.fetch, env, bindings);
  if (!clients.pages) throw new Error("[actions] cloudflare settings vanished");
  const reading = await readPages(clients.pages, env, clients.deadline);
  if (!reading.ok)
    throw new ApiFailure(
      502,
      "pages_unreadable",
      `the Pages deployment list could not be read, so nothing was changed: ${reading.error.message}`,
    );
  return reading.data;
}

/** Every guard of the Pages rollback, in order; each refusal is an `ApiFailure` and nothing has been changed. */
export async function preparePages(
  c: Context<AppEnv>,
  runtime: Runtime,
  env: ResolvedEnvironment,
  bindings: object,
  actor: string,
  haveDb: (db: D1Database) => void,
): Promise<Prepared> {
  const { settings, db, body } = await commonGuards(c, env, pagesGuard(env, bindings, actor), haveDb);
  const reading = await readLive(runtime, env, bindings);
  const live = reading.selection.live;
  if (!live)
    throw new ApiFailure(
      409,
      "no_live_deployment",
      "Pages reports no served production deployment: nothing to roll back from",
    );
  if (live.id !== body.expectedLive) {
    const last = await latestAction(db, env.id);
    const who =
      last && last.toId === live.id ? ` ${last.actor} rolled back to it at ${last.at} (reason: "${last.reason}").` : "";
    throw new ApiFailure(
      409,
      "live_changed",
      `Pages now serves ${live.shortId}, not ${body.expectedLive.slice(0, 8)} as the page showed: the page is stale, so nothing was changed.${who} Read the Rollback page again before deciding.`,
    );
  }
  let target: DeploymentRecord | undefined = reading.deployments.find((d) => d.id === body.target);
  if (!target) {
    const cloudflare = env.cloudflare;
    if (!cloudflare) throw new Error("[actions] cloudflare settings vanished");
    const one = await pagesWriteClient({
      fetch: runtime.fetch,
      settings: cloudflare,
      writeTokenVariable: settings.writeTokenVariable,
      bindings,
      environmentId: env.id,
    }).deployment(body.target);
    if (!one.ok && one.error.code === "not_found")
      throw new ApiFailure(
        404,
        "target_unknown",
        `Pages project ${cloudflare.pagesProject} has no deployment ${body.target.slice(0, 64)}: pick one from the list on the Rollback page`,
      );
    if (!one.ok)
      throw new ApiFailure(
        502,
        "pages_unreadable",
        `deployment ${body.target.slice(0, 64)} could not be read: ${one.error.message}`,
      );
    target = one.data;
  }
  const problem = targetProblem(target, live);
  if (problem) throw new ApiFailure(409, problem.code, `${problem.message}; nothing was changed`);
  return { settings, db, body, from: ref(live), to: ref(target) };
}
