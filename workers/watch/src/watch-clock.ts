/**
 * @module
 * `WatchClock`: one Durable Object per watch (named `<environment>:<watch id>`). Its alarm is the
 * watch's own clock, at the watch's interval (the demo's 2 seconds included, finer than a Cron
 * Trigger's minute), and being one object it is the one sampler of its watch. The sample itself is
 * claimed in D1 (`src/server/monitor`), so a page still sampling on its own never doubles it.
 */
import { historyDatabase } from "../../../src/server/history/database.ts";
import { monitorStore, rollBackOnVerdict, tickWatch, type WatchRef } from "../../../src/server/monitor/index.ts";
import type { DurableObjectState } from "./durable.ts";
import type { WatchEnv } from "./env.ts";
import { watchRuntime } from "./runtime.ts";

const REF = "watch";

function isWatchRef(value: unknown): value is WatchRef {
  const ref = value as WatchRef;
  return (
    typeof ref === "object" &&
    ref !== null &&
    typeof ref.environment === "string" &&
    /^[a-z0-9][a-z0-9-]{0,62}$/.test(ref.environment) &&
    Number.isSafeInteger(ref.id) &&
    ref.id > 0
  );
}

export class WatchClock {
  private readonly state: DurableObjectState;
  private readonly env: WatchEnv;

  constructor(state: DurableObjectState, env: WatchEnv) {
    this.state = state;
    this.env = env;
  }

  /** `POST /wake` with `{ environment, id }`: keep this watch; its first beat is now unless one is set. */
  async fetch(request: Request): Promise<Response> {
    const ref: unknown = await request.json().catch(() => undefined);
    if (!isWatchRef(ref))
      return Response.json(
        { error: { code: "invalid_body", message: 'expected { "environment": "<id>", "id": <watch number> }' } },
        { status: 400 },
      );
    await this.state.storage.put(REF, ref);
    const alarm = await this.state.storage.getAlarm();
    if (alarm === null) await this.state.storage.setAlarm(Date.now());
    return Response.json({ watch: ref, nextBeat: new Date(alarm ?? Date.now()).toISOString() }, { status: 202 });
  }

  /** One beat: sample the current slot, then set the alarm for the next slot or forget the watch. */
  async alarm(): Promise<void> {
    const ref = await this.state.storage.get<WatchRef>(REF);
    if (!ref) return;
    const runtime = watchRuntime(this.env);
    const store = await monitorStore(this.env.RUNBOOK_DB, runtime);
    const tick = await tickWatch(runtime, store, ref, Date.now(), async (_watch, environment, reason) =>
      rollBackOnVerdict(runtime, environment, this.env, await historyDatabase(this.env.RUNBOOK_DB), reason),
    );
    if (tick.next === null) await this.state.storage.deleteAll();
    else await this.state.storage.setAlarm(tick.next);
  }
}
