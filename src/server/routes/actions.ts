/**
 * @module
 * `GET|POST /api/actions/rollback?env=`: the guarded Pages rollback from the Rollback page, and
 * `GET|POST /api/actions/convex-redeploy?env=`: the same for Convex, by dispatching the configured
 * deploy workflow at the good commit. The GET says whether the button exists for this reader and lists
 * the targets; the POST checks every guard again, makes the write once however many press together,
 * reads back what an ambiguous answer did, verifies whenever the switch happened, and streams all of
 * it as NDJSON. The work itself lives in `src/server/actions/`.
 */
import { Hono } from "hono";
import { pressAction } from "../actions/press.ts";
import { convexState, pagesState } from "../actions/state.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";
import { limitBody } from "../validation/index.ts";

export const actions = new Hono<AppEnv>()
  .get(
    "/rollback",
    described("Whether the guarded Pages rollback is available to this reader, and its targets."),
    limitRuns(),
    environmentParam(),
    pagesState,
  )
  .post(
    "/rollback",
    described(
      "The guarded Pages rollback: every guard again, one rollback however many press, its answer read back when unclear, verification whenever it switched, streamed as NDJSON.",
    ),
    limitRuns(),
    environmentParam(),
    limitBody(),
    (c) => pressAction(c, "pages"),
  )
  .get(
    "/convex-redeploy",
    described("Whether the guarded Convex redeploy is available to this reader, and its targets."),
    limitRuns(),
    environmentParam(),
    convexState,
  )
  .post(
    "/convex-redeploy",
    described(
      "The guarded Convex redeploy of a known-good commit through the deploy workflow: the run followed to its conclusion, Convex read back, verified and streamed as NDJSON.",
    ),
    limitRuns(),
    environmentParam(),
    limitBody(),
    (c) => pressAction(c, "convex"),
  );
