/**
 * @module
 * The watch Worker's entry: `scheduled()` runs the job registry; `fetch()` answers the Pages Function
 * (through its service binding, or loopback locally) when a watch starts; the Durable Object classes
 * are exported for their bindings.
 */
import type { ScheduledController } from "./durable.ts";
import type { WatchEnv } from "./env.ts";
import { jobs, runJobs } from "./jobs.ts";
import { answerWatchRequest } from "./routes.ts";
import { watchRuntime } from "./runtime.ts";

export { CheckRunner } from "./check-runner.ts";
export { WatchClock } from "./watch-clock.ts";

export default {
  fetch(request: Request, env: WatchEnv): Promise<Response> {
    return answerWatchRequest(request, env);
  },
  /** Awaited, so the invocation (and a local `/__scheduled`) ends when every job has. */
  async scheduled(controller: ScheduledController, env: WatchEnv): Promise<void> {
    await runJobs(jobs, { env, runtime: watchRuntime(env), now: controller.scheduledTime });
  },
};
