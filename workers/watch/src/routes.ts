/**
 * @module
 * What the Worker answers over HTTP. It has no public URL (`workers_dev = false`, no routes): only the
 * Pages project's service binding reaches it, and locally the stack on loopback.
 * - `GET /health`: the jobs it runs.
 * - `POST /watches/wake?env=&watch=`: a watch started; its clock takes over the sampling.
 */
import type { WatchEnv } from "./env.ts";
import { wakeClock } from "./jobs/watches.ts";
import { jobs } from "./jobs.ts";

const fail = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

export async function answerWatchRequest(request: Request, env: WatchEnv): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === "/health" && request.method === "GET")
    return Response.json({ worker: "watch", jobs: jobs.map((j) => j.name) });
  if (url.pathname === "/watches/wake" && request.method === "POST") {
    const environment = url.searchParams.get("env") ?? "";
    const id = Number(url.searchParams.get("watch"));
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(environment))
      return fail(400, "invalid_parameter", 'query parameter "env" must be an environment id such as "production"');
    if (!Number.isSafeInteger(id) || id < 1)
      return fail(400, "invalid_parameter", 'query parameter "watch" must be a watch number such as 3');
    const woken = await wakeClock(env.WATCH_CLOCKS, { environment, id });
    return new Response(woken.body, { status: woken.status, headers: { "content-type": "application/json" } });
  }
  return fail(404, "not_found", `no route ${request.method} ${url.pathname} in the watch Worker`);
}
