/**
 * @module
 * `CheckRunner`: one Durable Object per environment and scheduled check (`<environment>:<check>`).
 * The cron invocation hands each due check to its runner, so every check runs in an invocation of its
 * own (the Free plan's 10 ms of CPU holds about two checks, and 50 subrequests), and one check's slow
 * target never holds up the others. The run itself is claimed in D1, so a second tick of the same
 * slot runs nothing.
 */
import type { ResolvedEnvironment } from "../../../src/core/config/load.ts";
import { historyDatabase } from "../../../src/server/history/database.ts";
import { runScheduledCheck, scheduledChecks } from "../../../src/server/schedule/run.ts";
import { scheduleStore } from "../../../src/server/schedule/store.ts";
import type { DurableObjectState } from "./durable.ts";
import type { WatchEnv } from "./env.ts";
import { watchRuntime } from "./runtime.ts";

/** What the cron job hands a runner. */
export interface CheckTurn {
  environment: string;
  check: string;
  slot: number;
}

function isTurn(value: unknown): value is CheckTurn {
  const turn = value as CheckTurn;
  return (
    typeof turn === "object" &&
    turn !== null &&
    typeof turn.environment === "string" &&
    typeof turn.check === "string" &&
    Number.isSafeInteger(turn.slot)
  );
}

const refuse = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

export class CheckRunner {
  private readonly env: WatchEnv;

  constructor(_state: DurableObjectState, env: WatchEnv) {
    this.env = env;
  }

  /** `POST /run` with `{ environment, check, slot }`: runs the check for that slot, once. */
  async fetch(request: Request): Promise<Response> {
    const turn: unknown = await request.json().catch(() => undefined);
    if (!isTurn(turn)) return refuse(400, "invalid_body", 'expected { "environment", "check", "slot" }');
    const runtime = watchRuntime(this.env);
    const environment: ResolvedEnvironment | undefined = runtime.loaded.environments.find(
      (e) => e.id === turn.environment,
    );
    const check = environment && scheduledChecks(environment).find((c) => c.id === turn.check);
    if (!environment?.schedule || !check)
      return refuse(404, "not_scheduled", `check "${turn.check}" is not on the schedule of "${turn.environment}"`);
    const store = scheduleStore(await historyDatabase(this.env.RUNBOOK_DB));
    const done = await runScheduledCheck(runtime, store, environment, check, turn.slot, Date.now());
    return Response.json(done);
  }
}
